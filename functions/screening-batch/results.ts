/** The files of one screening execution in the results bucket, all under its own prefix. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Writes a text file of the execution: `<resultsPrefix>/<name>` with its content type. */
export function resultWriter(client: S3Client, bucket: string, resultsPrefix: string) {
  return (name: string, body: string, contentType: string) =>
    client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${resultsPrefix}/${name}`,
        Body: body,
        ContentType: contentType,
      }),
    );
}
