/** GET /openapi.json: the document is generated (document.ts); this only checks its outline. */
export { OpenApiDocumentSchema as ResponseSchema } from './document.ts';
