# Debezium's Connect image with the transform `lakestream stack up` builds (libs/stack connect.ts):
# DropNullableDefaults keeps a NULL column NULL through the Apicurio Avro converter.
ARG DEBEZIUM=quay.io/debezium/connect:3.5.0.Final
FROM ${DEBEZIUM} AS debezium

FROM eclipse-temurin:17-jdk AS smt
COPY --from=debezium /kafka/libs /kafka-libs
COPY libs/stack/recipes/connect/DropNullableDefaults.java /src/
RUN javac --release 17 -cp '/kafka-libs/*' -d /classes /src/DropNullableDefaults.java \
 && mkdir -p /classes/META-INF/services \
 && echo lakestream.connect.DropNullableDefaults > /classes/META-INF/services/org.apache.kafka.connect.transforms.Transformation \
 && jar cf /lakestream-smt.jar -C /classes .

FROM ${DEBEZIUM}
COPY --from=smt /lakestream-smt.jar /kafka/connect/lakestream-smt/lakestream-smt.jar
