package org.pekkoraft.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvLimits;

/**
 * The request bodies of the KV routes, read strictly ({@link Json#parse}), and their checks: each key 1 to
 * {@link KvLimits#MAX_KEY_BYTES} bytes once decoded, every required field present. Each check throws
 * {@link Json.BadRequest} naming the field.
 */
final class KvBodies {

  private KvBodies() {}

  /** {@code PUT /kv/<key>}. */
  record PutBody(String value) {}

  /** {@code POST /kv-cas}; {@code expected} is a JSON string, or JSON null for "the key must be absent". */
  record CasBody(String key, JsonNode expected, String value) {}

  /** One compare of {@code POST /kv-txn}: {@code {"key":K,"value":V}} or {@code {"key":K,"absent":true}}. */
  record CompareBody(String key, String value, Boolean absent) {}

  /** {@code {"put":{"key":K,"value":V}}} or {@code {"delete":{"key":K}}}. */
  record OpBody(PutOp put, DeleteOp delete) {}

  record PutOp(String key, String value) {}

  record DeleteOp(String key) {}

  record TxnBody(List<CompareBody> compare, List<OpBody> success, List<OpBody> failure) {}

  /** A key, decoded and within the key rules; {@code field} names it in the error. */
  static Bytes key(KvEncoding encoding, String field, String text) {
    return checked(field, encoding.fromBody(field, required(text, field)));
  }

  static Bytes value(KvEncoding encoding, String field, String text) {
    return encoding.fromBody(field, required(text, field));
  }

  static Bytes checked(String field, Bytes key) {
    try {
      KvLimits.checkKey(key);
    } catch (IllegalArgumentException e) {
      throw new Json.BadRequest(field + ": " + e.getMessage());
    }
    return key;
  }

  static KvCommand.Cas cas(KvEncoding encoding, CasBody body) {
    Bytes key = key(encoding, "key", body.key());
    if (body.expected() == null) {
      throw new Json.BadRequest("field 'expected' is required (null: the key must be absent)");
    }
    Bytes expected = null;
    if (!body.expected().isNull()) {
      if (!body.expected().isTextual()) {
        throw new Json.BadRequest("field 'expected' has the wrong type (a string, or null for absent)");
      }
      expected = encoding.fromBody("expected", body.expected().textValue());
    }
    return new KvCommand.Cas(key, expected, value(encoding, "value", body.value()));
  }

  static KvCommand.Txn txn(KvEncoding encoding, TxnBody body) {
    List<KvCommand.Compare> compares = new ArrayList<>();
    List<CompareBody> given = body.compare() == null ? List.of() : body.compare();
    checkCount("compare", given);
    for (int i = 0; i < given.size(); i++) {
      compares.add(compare(encoding, "compare[" + i + "]", given.get(i)));
    }
    return new KvCommand.Txn(compares, ops(encoding, "success", body.success()),
        ops(encoding, "failure", body.failure()));
  }

  private static KvCommand.Compare compare(KvEncoding encoding, String field, CompareBody c) {
    if (c == null) {
      throw new Json.BadRequest("field '" + field + "' is null");
    }
    Bytes key = key(encoding, field + ".key", c.key());
    boolean absent = c.absent() != null && c.absent();
    if (c.absent() != null && !absent) {
      throw new Json.BadRequest("field '" + field + ".absent' may only be true (compare a value with 'value')");
    }
    if (absent == (c.value() != null)) {
      throw new Json.BadRequest("field '" + field + "' needs exactly one of 'value' and 'absent'");
    }
    return absent ? new KvCommand.Compare.Absent(key)
        : new KvCommand.Compare.ValueIs(key, encoding.fromBody(field + ".value", c.value()));
  }

  private static List<KvCommand.TxnOp> ops(KvEncoding encoding, String name, List<OpBody> given) {
    List<KvCommand.TxnOp> ops = new ArrayList<>();
    if (given == null) {
      return ops;
    }
    checkCount(name, given);
    for (int i = 0; i < given.size(); i++) {
      String field = name + "[" + i + "]";
      OpBody op = given.get(i);
      if (op == null || (op.put() == null) == (op.delete() == null)) {
        throw new Json.BadRequest("field '" + field + "' needs exactly one of 'put' and 'delete'");
      }
      if (op.put() != null) {
        ops.add(new KvCommand.Put(key(encoding, field + ".put.key", op.put().key()),
            value(encoding, field + ".put.value", op.put().value())));
      } else {
        ops.add(new KvCommand.Delete(key(encoding, field + ".delete.key", op.delete().key())));
      }
    }
    return ops;
  }

  private static void checkCount(String field, List<?> list) {
    if (list.size() > KvLimits.MAX_TXN_OPS) {
      throw new Json.BadRequest("field '" + field + "' has " + list.size() + " items: at most "
          + KvLimits.MAX_TXN_OPS);
    }
  }

  /** Present; unlike {@link Json#required}, blank text is a value like any other (a key of one space). */
  private static String required(String value, String field) {
    if (value == null) {
      throw new Json.BadRequest("field '" + field + "' is required");
    }
    return value;
  }
}
