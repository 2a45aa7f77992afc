# Ruptura server image: the API and the built web app on one port.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json codegen.ts ./
COPY server ./server
COPY web ./web
COPY schema ./schema
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The generated data key (when DATA_KEY is unset) lives here, on its own volume.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# Node flags: server/src/node-flags.ts (the same in `npm start` and the benchmarks).
CMD ["node", "--heap-growing-percent=100", "dist/server/main.js"]
