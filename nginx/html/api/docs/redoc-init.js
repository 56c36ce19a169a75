// Starts ReDoc on /api/redoc (nginx/html/api/docs/redoc.html) with the API's OpenAPI document.
"use strict";
Redoc.init("/api/openapi.json", { hideDownloadButton: false }, document.getElementById("redoc"));
