// @aws-sdk/client-s3 through require(): see functions/shared/aws-sdk/README.md.
const id = '@aws-sdk/client-s3';
module.exports = require(id);
