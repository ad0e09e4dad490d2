# syntax=docker/dockerfile:1
# One image for the operator and the agent: `cvlan operator` (the default command) or `cvlan agent ...`.
#   docker build -t ghcr.io/cvlan/cvlan-operator:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline || true
COPY crds crds
COPY examples examples
COPY src src
RUN ./mvnw -B -q package -DskipTests

# wireguard-go for the agent's default `--backend uapi` (userspace WireGuard; no kernel module needed).
FROM golang:1.22-bookworm AS wireguard-go
RUN git clone --depth 1 --branch 0.0.20230223 https://git.zx2c4.com/wireguard-go /wireguard-go \
 && cd /wireguard-go && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/wireguard-go .

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends wireguard-tools iproute2 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /app /var/lib/cvlan /var/run/wireguard \
 && chown 65532:65532 /var/lib/cvlan
COPY --from=wireguard-go /out/wireguard-go /usr/bin/wireguard-go
COPY --from=build /src/target/cvlan.jar /app/cvlan.jar
# The operator runs as this user; the agent DaemonSet overrides it with root plus NET_ADMIN only.
USER 65532:65532
EXPOSE 8443 9090 51820/udp
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-jar", "/app/cvlan.jar"]
CMD ["operator"]
