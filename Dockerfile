# procwatch's image: one image for every app (setup, ingest, enrich, sink), chosen by the command.
# Build: docker build -t procwatch .   Tests are not run here; CI runs them (./procwatch test).

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# Maven's downloads are cached between builds, outside the image.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package -pl launcher -am

FROM eclipse-temurin:21-jre
# A user of its own: the apps need no privileges, and write only under /var/lib/procwatch.
RUN groupadd --system --gid 10001 procwatch \
 && useradd --system --uid 10001 --gid procwatch --home-dir /var/lib/procwatch --create-home procwatch
WORKDIR /opt/procwatch
COPY --from=build /src/launcher/target/procwatch-launcher.jar ./
COPY --from=build /src/launcher/target/lib ./lib
USER procwatch
# The apps read PROCWATCH_* variables (docs/configuration.md); state (enrich's stores) goes to the user's home.
ENV PROCWATCH_HTTP_PORT=8080 \
    PROCWATCH_LOG_FORMAT=json \
    PROCWATCH_STATE_DIR=/var/lib/procwatch/enrich-state \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Healthy once /ready answers 200. Bash's /dev/tcp, since the JRE image has no HTTP client to spare.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PROCWATCH_HTTP_PORT} && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-cp", "procwatch-launcher.jar:lib/*", "org.procwatch.launcher.Main"]
CMD ["--help"]
