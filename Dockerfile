# syntax=docker/dockerfile:1
# Redress image: one image for web, worker and the migrate job (docker-compose.yml picks the
# command). Build: `docker compose build` or `docker build -t redress:local .`

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, TypeScript -> dist/, modeler (Vite) -> modeler/dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# `npm run build` is tsc -p tsconfig.build.json; the modeler is a separate Vite project in
# modeler/ whose output (modeler/dist/) the web server serves.
RUN npm run build && npx vite build modeler

# ---- runtime: production dependencies and built files only, non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    REDRESS_DATA_DIR=/var/lib/redress \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

COPY --from=build /app/dist ./dist
# Files read at run time, not compiled by tsc. They sit both at their source path under /app and at
# the same path under /app/dist, so code that finds them relative to its own file (__dirname
# inside dist/) and code that finds them from the working directory both work.
COPY --from=build /app/templates ./templates
COPY --from=build /app/core/bpmn/processes ./core/bpmn/processes
COPY --from=build /app/core/i18n/locales ./core/i18n/locales
COPY --from=build /app/modeler/dist ./modeler/dist
COPY --from=build /app/templates ./dist/templates
COPY --from=build /app/core/bpmn/processes ./dist/core/bpmn/processes
COPY --from=build /app/core/i18n/locales ./dist/core/i18n/locales
COPY --from=build /app/modeler/dist ./dist/modeler/dist

# Attachments and app data (REDRESS_DATA_DIR): docker-compose.yml mounts a named volume here,
# which takes this ownership on first use. Everything else in the image stays root-owned, so the
# app cannot rewrite its own code.
RUN mkdir -p /var/lib/redress && chown node:node /var/lib/redress

USER node
# 3000: web (HTTP); 2526: inbound complaint email (SMTP, INBOUND_SMTP_PORT).
EXPOSE 3000 2526
CMD ["node", "dist/web/main.js"]
