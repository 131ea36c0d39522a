package io.jwtauth.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Strict JSON for every body, including those parsed by hand with the injected ObjectMapper (refresh, logout):
 * a value of the wrong JSON type is a 400, never coerced ({@code 0} or {@code "false"} must not disable an
 * account), a duplicate key is a 400 (which of the two would count is a parser detail an attacker could
 * exploit), and so is anything after the first JSON value.
 */
@Singleton
class JsonStrictness implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // the old blanket switch that fills boolean and number fields from strings; the rules below decide per type
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        refuse(
                mapper,
                LogicalType.Textual,
                CoercionInputShape.Integer,
                CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(
                mapper,
                LogicalType.Boolean,
                CoercionInputShape.Integer,
                CoercionInputShape.Float,
                CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        refuse(
                mapper,
                LogicalType.Integer,
                CoercionInputShape.String,
                CoercionInputShape.EmptyString,
                CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(
                mapper,
                LogicalType.Float,
                CoercionInputShape.String,
                CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
