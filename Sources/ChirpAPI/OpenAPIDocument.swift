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
            "description": "A Chirp event: a post, a like or a follow. id and ts are assigned on ingest when absent.",
            "oneOf": [{"$ref": "#/components/schemas/Post"}, {"$ref": "#/components/schemas/Like"}, {"$ref": "#/components/schemas/Follow"}],
            "discriminator": {"propertyName": "type", "mapping": {"post": "#/components/schemas/Post", "like": "#/components/schemas/Like", "follow": "#/components/schemas/Follow"}}
          },
          "Post": {
            "type": "object",
            "required": ["type", "user", "text"],
            "properties": {
              "type": {"type": "string", "enum": ["post"]},
              "id": {"$ref": "#/components/schemas/EventId"}, "user": {"$ref": "#/components/schemas/UserId"}, "ts": {"$ref": "#/components/schemas/Timestamp"},
              "text": {"type": "string", "maxLength": 280, "pattern": "[^\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]",
                       "description": "At most 280 characters, not blank"}
            }
          },
          "Like": {
            "type": "object",
            "required": ["type", "user", "post"],
            "properties": {
              "type": {"type": "string", "enum": ["like"]},
              "id": {"$ref": "#/components/schemas/EventId"}, "user": {"$ref": "#/components/schemas/UserId"}, "ts": {"$ref": "#/components/schemas/Timestamp"},
              "post": {"$ref": "#/components/schemas/Id"}
            }
          },
          "Follow": {
            "type": "object",
            "required": ["type", "user", "followee"],
            "description": "followee is another user: nobody follows themself",
            "properties": {
              "type": {"type": "string", "enum": ["follow"]},
              "id": {"$ref": "#/components/schemas/EventId"}, "user": {"$ref": "#/components/schemas/UserId"}, "ts": {"$ref": "#/components/schemas/Timestamp"},
              "followee": {"$ref": "#/components/schemas/UserId"}
            }
          },
          "EventId": {"type": "string", "nullable": true, "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._:-]+$",
                      "description": "Assigned on ingest when absent or null"},
          "Id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._:-]+$"},
          "UserId": {"type": "integer", "format": "int64", "minimum": 1},
          "Timestamp": {"type": "integer", "format": "int64", "nullable": true, "minimum": 0, "maximum": 253402300799999,
                        "description": "Milliseconds since 1970-01-01; the time of arrival when absent or null"},
          "Accepted": {
            "type": "object",
            "required": ["id", "ts", "seq"],
            "properties": {"id": {"type": "string"}, "ts": {"type": "integer", "format": "int64"},
                           "seq": {"type": "integer", "format": "int64", "description": "The event's number among its user's events"}}
          },
          "BatchResult": {
            "type": "object",
            "required": ["accepted", "rejected", "results"],
            "properties": {
              "accepted": {"type": "integer"}, "rejected": {"type": "integer"},
              "results": {"type": "array", "items": {
                "type": "object", "required": ["index", "status"],
                "properties": {
                  "index": {"type": "integer"}, "status": {"type": "integer"},
                  "id": {"type": "string"}, "ts": {"type": "integer", "format": "int64"}, "seq": {"type": "integer", "format": "int64"},
                  "title": {"type": "string"}, "detail": {"type": "string"}, "retryAfterMs": {"type": "integer"},
                  "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                             "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
                }}}
            }
          },
          "Problem": {
            "type": "object",
            "required": ["type", "status", "title", "detail"],
            "properties": {
              "type": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"},
              "detail": {"type": "string"}, "retryAfterMs": {"type": "integer"},
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
            "description": "Answered 202 only once the log (the topic chirps, keyed by user) acknowledged the event.",
            "security": [{"apiKey": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
            "responses": {
              "202": {"description": "The log acknowledged the event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Accepted"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Problem"},
              "403": {"$ref": "#/components/responses/Problem"},
              "413": {"$ref": "#/components/responses/Problem"},
              "429": {"$ref": "#/components/responses/Problem"},
              "500": {"$ref": "#/components/responses/Problem"},
              "501": {"$ref": "#/components/responses/Problem"},
              "503": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/v1/events:batch": {
          "post": {
            "summary": "Ingest many events",
            "description": "A JSON array of events, or NDJSON (one event per line, Content-Type application/x-ndjson). One result per event, in order.",
            "security": [{"apiKey": []}],
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"type": "array", "minItems": 1, "items": {"type": "object", "description": "An event (see Event); each one is checked on its own and answered in results"}}},
              "application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
              "200": {"description": "Each event's result", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchResult"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Problem"},
              "413": {"$ref": "#/components/responses/Problem"},
              "501": {"$ref": "#/components/responses/Problem"}
            }
          }
        },
        "/v1/users/{id}/notifications": {
          "get": {
            "summary": "The user's notifications, as server-sent events",
            "description": "A text/event-stream that stays open: one event per notification (event: the kind; data: the notification as JSON).",
            "security": [{"apiKey": []}],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64", "minimum": 1}}],
            "responses": {
              "200": {"description": "The stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
              "400": {"$ref": "#/components/responses/Problem"},
              "401": {"$ref": "#/components/responses/Problem"},
              "501": {"$ref": "#/components/responses/Problem"}
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
