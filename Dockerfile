# syntax=docker/dockerfile:1
# The production image: the compiled build (npm run build) on Node 22 LTS, production dependencies
# only, as the unprivileged `node` user. TypeScript, tsx and the other development tools stay in the
# build stage. `docker build -t panel-scoring .`; see README, "Running in production".

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY server ./server
COPY migrations ./migrations
RUN npm run build && node scripts/check-runtime-deps.js

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS=--enable-source-maps \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
COPY framework-data ./framework-data
USER node
EXPOSE 3000
# Liveness only (/health answers while the database is away); orchestrators should send traffic on
# /health/ready, which waits for the database and its migrations.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/index.js"]
