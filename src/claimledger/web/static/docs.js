// Swagger UI on the desk's own OpenAPI document (the init script FastAPI
// would inline is here instead, so the page keeps the strict CSP).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
});
