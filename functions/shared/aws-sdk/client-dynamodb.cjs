// @aws-sdk/client-dynamodb through require(): see functions/shared/aws-sdk/README.md.
const id = '@aws-sdk/client-dynamodb';
module.exports = require(id);
