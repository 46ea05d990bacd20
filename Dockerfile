# The bot as a container image, for docker-compose.yml (two replicas on one Postgres) or any
# orchestrator. Knowledge comes from a mounted folder so documents change without a rebuild.
FROM node:20-bookworm
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY tsconfig.json ./
# `npm ci` also runs `prepare`, which bundles src/ and adapters/ into dist/.
RUN npm ci && npm cache clean --force
COPY knowledge ./knowledge
ENV NODE_ENV=production DATA_DIR=/data KNOWLEDGE_DIR=/app/knowledge PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
