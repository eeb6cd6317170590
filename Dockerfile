# syntax=docker/dockerfile:1
#
# The image Kite's pipeline components run in on Kubeflow (the compiler's default executor
# image, ghcr.io/kite-ml/kite:<version>). Each KFP task runs
#   kite execute --executor_input '{{$}}' --component <name> --module <pipeline file>
# in WORKDIR /workspace, where your pipeline files go:
#
#   FROM ghcr.io/kite-ml/kite:0.1.0
#   COPY pipelines/ ./pipelines/
#
# and compile with `kite compile pipelines/train.ts --image <your image>` (the --module path
# is the file's path relative to where you compile, so keep the same layout).
# Build this image from the repository root:  docker build -t ghcr.io/kite-ml/kite:0.1.0 .
# See docs/kubeflow.md.

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
# Toolchain for native modules (better-sqlite3, duckdb) when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/kite
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm ci && npm run build && npm prune --omit=dev
# Native TensorFlow for the models module. Its install script downloads libtensorflow, which
# needs the internet: where that fails the image still works (tfjs-backend-wasm / cpu are
# used). npm ≥ 11.x skips dependency install scripts unless allowed, hence --allow-scripts.
RUN npm install --no-save --omit=dev --allow-scripts=@tensorflow/tfjs-node @tensorflow/tfjs-node@4.22.0 \
 || echo "warning: @tensorflow/tfjs-node not installed; Kite falls back to the wasm backend"

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/kite /opt/kite
# `kite` on PATH for the KFP launcher, and `import ... from 'kite'` resolvable from any
# directory (Node looks in /node_modules last, so a user's own `npm ci` in /workspace keeps it).
# /workspace/package.json marks pipeline files as ES modules (without it, .ts files load as
# CommonJS and `import` fails); replace it with your own package.json if you have one.
RUN chmod +x /opt/kite/dist/cli/main.js \
 && ln -s /opt/kite/dist/cli/main.js /usr/local/bin/kite \
 && mkdir -p /node_modules /workspace \
 && ln -s /opt/kite /node_modules/kite \
 && echo '{"name":"kite-workspace","private":true,"type":"module"}' > /workspace/package.json \
 && kite --version
WORKDIR /workspace
# tini reaps children and forwards SIGTERM (KFP terminate) to node.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["kite", "--help"]
