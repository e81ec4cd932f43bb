# syntax=docker/dockerfile:1
# Brukerstemme's container image: `docker build -t brukerstemme .` (or `buildah bud`, `podman build`).
# One image for both roles: it runs the web role by default; the worker is the same image with
# the arguments `serve --role worker` (deploy/kubernetes/). test/ops/image.test.ts reads this file:
# what it copies must exist, its user must not be root, and its command is run as the image would.

# --- build: every dependency, then dist/ (scripts/build.mjs: TypeScript → JavaScript, vendor bundles).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run the build before the sources are here; it runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
RUN node scripts/build.mjs

# --- runtime: production dependencies only, the compiled app, a user that is not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9464 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# No devDependencies (TypeScript, esbuild, vitest, eslint, …): the runtime needs none of them, as
# dist/ is built above. --ignore-scripts: `prepare` (the build) is not wanted here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/dist ./dist
# bin/brukerstemme.js runs dist/ only while dist/BUILT is newer than every path of src/ it lists
# (bin/dist-fresh.js), else the sources through tsx. src/ is here for that check (and for the
# stack traces of --debug, through dist/'s source maps). COPY may give the folders it creates the
# time of the copy, after the stamp; nothing can change src/ between the build stage and here, so
# the stamp is renewed, and the build fails unless the check passes: the image never runs tsx.
RUN touch dist/BUILT \
 && node --input-type=module -e "import { distIsFresh } from './bin/dist-fresh.js'; if (!distIsFresh()) { console.error('dist/ is not fresh'); process.exit(1); }" \
 && mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
EXPOSE 3000 9464
ENTRYPOINT ["node", "bin/brukerstemme.js"]
CMD ["serve", "--role", "web"]
