# PipeCraft in a container. Two stages: the first builds with the development dependencies, the
# second holds the build and the production dependencies only, and runs as a user without root.
# Both steps are the scripts CI runs (apps/server/test/production-build.test.ts runs the RUN line
# below, then the CMD and the HEALTHCHECK against the result): see docs/deploy.md.
#
#   docker build -t pipecraft .
#   docker run -p 3000:3000 -v pipecraft-data:/var/lib/pipecraft pipecraft

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN sh scripts/build-production.sh /opt/pipecraft

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PIPECRAFT_DATA_DIR=/var/lib/pipecraft
# The build belongs to root and is read-only to the server; only the data directory is its own.
COPY --from=build /opt/pipecraft /opt/pipecraft
RUN mkdir -p /var/lib/pipecraft && chown node:node /var/lib/pipecraft
WORKDIR /opt/pipecraft
USER node
EXPOSE 3000
VOLUME ["/var/lib/pipecraft"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "scripts/start.mjs"]
