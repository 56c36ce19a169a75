// Starts Swagger UI on /api/docs (nginx/html/api/docs/index.html) with the API's OpenAPI document.
// "Authorize" takes a Bearer token (the document's bearerAuth scheme); it is kept only in this tab's memory
// (persistAuthorization off), and no validator badge is fetched from elsewhere (validatorUrl null).
"use strict";
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayOperationId: true,
  persistAuthorization: false,
  validatorUrl: null,
  tryItOutEnabled: false,
});
