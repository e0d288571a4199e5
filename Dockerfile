FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tsx runs the TypeScript directly, so production needs the same dependencies as `npm start`.
RUN npm ci --omit=dev --no-audit --no-fund
COPY server ./server
COPY migrations ./migrations
COPY views ./views
COPY public ./public
COPY framework-data ./framework-data
COPY tsconfig.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "server/index.ts"]
