# ServiceStar: build the TypeScript, then run the compiled server.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 (the embedded store) compiles from source during npm ci.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# No demo data in an image: the first start prints a one-time setup URL for the operator instead.
ENV NODE_ENV=production \
    SEED_DEMO=never \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# The whole tree: views, client assets and survey catalogues are read at run time beside dist/.
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# DATA_DIR holds the embedded database (without MONGODB_URI) and the generated session secret.
VOLUME /app/data
EXPOSE 3000
CMD ["node", "dist/server/main.js"]
