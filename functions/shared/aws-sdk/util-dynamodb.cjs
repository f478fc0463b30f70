// @aws-sdk/util-dynamodb through require(): see functions/shared/aws-sdk/README.md.
const id = '@aws-sdk/util-dynamodb';
module.exports = require(id);
