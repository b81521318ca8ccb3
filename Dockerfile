# Breakouts in a container (README "Run at scale"): one stage with the dev dependencies checks the
# types; the final stage has the runtime dependencies only, runs as the unprivileged `node` user,
# and reports its health from GET /healthz.
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# A type error stops the build; the final stage copies the sources from here so this step always runs.
RUN npx tsc --noEmit -p tsconfig.json

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    BREAKOUTS_DB=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency: it runs the TypeScript sources as they are (no build output to drift).
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/src ./src
COPY --from=build /app/adapters ./adapters
COPY --from=build /app/bin ./bin
COPY --from=build /app/manifests ./manifests
# The data folder (embedded store, one process) is the only place the app writes.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# 200 when the store answers and the platforms are connected; 503 (unhealthy) while draining on SIGTERM.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself, not npm: the SIGTERM from `docker stop` reaches Breakouts, which drains before exiting
# (give it BREAKOUTS_DRAIN_SECONDS plus a margin: docker stop -t 30, compose stop_grace_period).
CMD ["node", "--import", "tsx", "adapters/main.ts"]
