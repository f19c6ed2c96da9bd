# One image for the server and the worker; docker-compose.yml runs it twice.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY nodes/package.json nodes/
COPY runtime/package.json runtime/
COPY server/package.json server/
COPY editor/package.json editor/
RUN npm install -g npm@11 && npm ci --no-audit --no-fund
COPY . .
ENV BIZOSAAS_PROFILE=dev SERVER_HOST=0.0.0.0 NODE_ENV=production
ENTRYPOINT ["/app/docker/app-entrypoint.sh"]
CMD ["node", "scripts/run-ts.mjs", "server/src/main.ts"]
