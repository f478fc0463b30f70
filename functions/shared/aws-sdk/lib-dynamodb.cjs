// @aws-sdk/lib-dynamodb through require(): see functions/shared/aws-sdk/README.md.
const id = '@aws-sdk/lib-dynamodb';
module.exports = require(id);
