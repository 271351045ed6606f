/// `/openapi.json`: the OpenAPI 3 description of what the server serves.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {"title": "Chirp ingest API", "version": "1.0.0",
               "description": "Events of Chirp, the Twitter in a box: validated, rate limited per user, published to the log (the Kafka topic chirps) before they are acknowledged."},
      "components": {
        "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
        "schemas": {
          "Event": {
            "type": "object",
            "required": ["type", "user"],
            "properties": {
              "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._:-]+$"},
              "type": {"type": "string", "enum": ["post", "like", "follow"]},
              "user": {"type": "integer", "format": "int64", "minimum": 1},
              "ts": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 253402300799999},
              "text": {"type": "string", "maxLength": 280},
              "post": {"type": "string"},
              "followee": {"type": "integer", "format": "int64", "minimum": 1}
            }
          },
          "Accepted": {
            "type": "object",
            "required": ["id", "ts"],
            "properties": {"id": {"type": "string"}, "ts": {"type": "integer", "format": "int64"}}
          },
          "Problem": {
            "type": "object",
            "required": ["type", "status", "title", "detail"],
            "properties": {
              "type": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"},
              "detail": {"type": "string"},
              "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                         "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
            }
          }
        },
        "responses": {
          "Problem": {"description": "What is wrong", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        }
      },
      "paths": {
        "/v1/events": {
          "post": {
            "summary": "Ingest one event",
            "security": [{"apiKey": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
            "responses": {
              "202": {"description": "The log acknowledged the event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Accepted"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Problem"},
              "413": {"$ref": "#/components/responses/Problem"},
              "503": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "Serving", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "Counters", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
      }
    }
    """#
}
