# syntax=docker/dockerfile:1
# Redress image: one image for web, worker and the migrate job (docker-compose.yml picks the
# command). Build: `docker compose build` or `docker build -t redress:local .`

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, TypeScript -> dist/, browser bundles (Vite) -> dist/client/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# `npm run build`: tsc -p tsconfig.build.json -> dist/, the prebuilt workflow bundle
# (dist/workflow-bundle.js) that production workers load instead of running webpack at start, and
# the browser bundles (modeler, task forms, reports) -> dist/client/ via Vite.
RUN npm run build

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
# Files read at run time relative to the compiled code (__dirname inside dist/), not emitted by tsc.
COPY --from=build /app/templates ./dist/templates
COPY --from=build /app/core/bpmn/processes ./dist/core/bpmn/processes
COPY --from=build /app/core/regulation/profiles ./dist/core/regulation/profiles
COPY --from=build /app/web/views ./dist/web/views
COPY --from=build /app/web/static ./dist/web/static

# Attachments and app data (REDRESS_DATA_DIR): docker-compose.yml mounts a named volume here,
# which takes this ownership on first use. Everything else in the image stays root-owned, so the
# app cannot rewrite its own code.
RUN mkdir -p /var/lib/redress && chown node:node /var/lib/redress

USER node
# 3000: web (HTTP); 2526: inbound complaint email (SMTP, INBOUND_SMTP_PORT).
EXPOSE 3000 2526
CMD ["node", "dist/web/main.js"]
