# The Benchphant load agent image: `benchphant agent` on Node 24 (slim), with the native load
# engine. Build and push it as docs/distributed.md says; the Kubernetes launcher runs it as an
# Indexed Job (the shard comes from JOB_COMPLETION_INDEX).

FROM node:24-slim AS build
# Compilers and client headers for the native engine; better-sqlite3 brings its own prebuilds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ make python3 libpq-dev libmariadb-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY main/native ./main/native
# Electron is not needed by an agent: no binary download.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
RUN npm ci && node scripts/build-native.mjs --strict
COPY . .
RUN node scripts/build.mjs --node-only && npm prune --omit=dev --ignore-scripts

FROM node:24-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 libmariadb3 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/main ./dist/main
COPY --from=build /src/main/native/build/Release/benchphant_native.node ./main/native/build/Release/
# An agent keeps no state; it never needs root.
USER node
ENTRYPOINT ["node", "/app/dist/main/cli.mjs"]
CMD ["agent", "--help"]
