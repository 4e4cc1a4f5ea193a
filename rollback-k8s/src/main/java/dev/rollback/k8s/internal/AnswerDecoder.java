package dev.rollback.k8s.internal;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.rollback.spi.helpers.RollbackException;
import io.kubernetes.client.openapi.JSON;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes API answers into client-java's generated models, ignoring fields the models do not
 * know, as client-go does. The generated models reject every field outside their schema ({@code
 * validateJsonElement} throws "The field ... is not defined in the ... properties"), so a cluster
 * newer than the client (a new Deployment status field, a new pod condition field) would make
 * every read of that kind fail. Unknown fields are dropped before the models see the JSON, and
 * each one is logged once per model and field. Values of an unexpected type (a string where the
 * schema has a number) still fail, as {@link DecodeException}. Unknown values of string
 * enumerations (a new {@code status.phase}) are kept: the models hold them as strings.
 *
 * <p>Thread-safe. Client-java's own {@link JSON} is global and left unchanged.
 */
final class AnswerDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerDecoder.class);
  private static final String MODELS = "io.kubernetes.client.openapi.models.";
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
  private static final ClassValue<@Nullable Schema> SCHEMAS = new ClassValue<>() {
    @Override
    protected @Nullable Schema computeValue(Class<?> type) {
      return Schema.of(type);
    }
  };
  static final Gson GSON = JSON.getGson().newBuilder().registerTypeAdapterFactory(new Tolerant()).create();

  /** An answer whose body does not decode as the expected type. */
  static final class DecodeException extends RollbackException {
    private static final long serialVersionUID = 1L;

    DecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private AnswerDecoder() {}

  /**
   * Decodes {@code body} as {@code type}; a {@code String} type answers the body itself.
   *
   * @throws DecodeException if the body is not JSON of that type
   */
  @SuppressWarnings("unchecked")
  static <T> @Nullable T decode(String body, Type type) {
    if (type == String.class) {
      return (T) body;
    }
    try {
      return GSON.fromJson(body, type);
    } catch (RuntimeException e) {
      throw new DecodeException("the answer is not a " + simpleName(type) + ": " + e.getMessage(), e);
    }
  }

  private static String simpleName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName().replace(MODELS, "");
  }

  /** The fields of one generated model: its serialized names and their declared types. */
  private record Schema(Map<String, Type> fields) {
    static @Nullable Schema of(Class<?> type) {
      if (!type.getName().startsWith(MODELS)) {
        return null;
      }
      Field known;
      try {
        known = type.getDeclaredField("openapiFields");
      } catch (NoSuchFieldException notAModel) {
        return null;
      }
      if (!Modifier.isStatic(known.getModifiers())) {
        return null;
      }
      Map<String, Type> fields = new HashMap<>();
      for (Field f : type.getDeclaredFields()) {
        SerializedName name = f.getAnnotation(SerializedName.class);
        if (name != null && !Modifier.isStatic(f.getModifiers())) {
          fields.put(name.value(), f.getGenericType());
        }
      }
      return new Schema(Map.copyOf(fields));
    }
  }

  /** Drops, recursively, the members of {@code json} that the model {@code type} does not know. */
  static void prune(JsonElement json, Type type) {
    if (type instanceof Class<?> c && json instanceof JsonObject object) {
      Schema schema = SCHEMAS.get(c);
      if (schema == null) {
        return;
      }
      List<String> unknown = new ArrayList<>();
      for (Map.Entry<String, JsonElement> member : object.entrySet()) {
        Type declared = schema.fields().get(member.getKey());
        if (declared == null) {
          unknown.add(member.getKey());
        } else {
          prune(member.getValue(), declared);
        }
      }
      for (String name : unknown) {
        object.remove(name);
        if (REPORTED.add(c.getName() + "." + name)) {
          LOG.info("the API sends field '{}' of {}, which this client-java does not know; it is ignored", name,
              c.getSimpleName());
        }
      }
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw) && json instanceof JsonArray array && args.length == 1) {
        array.forEach(element -> prune(element, args[0]));
      } else if (Map.class.isAssignableFrom(raw) && json instanceof JsonObject object && args.length == 2) {
        object.entrySet().forEach(member -> prune(member.getValue(), args[1]));
      }
    }
  }

  /** Prunes each model's JSON before the generated adapter validates and reads it. */
  private static final class Tolerant implements TypeAdapterFactory {
    @Override
    public <T> @Nullable TypeAdapter<T> create(Gson gson, TypeToken<T> token) {
      Class<? super T> raw = token.getRawType();
      if (SCHEMAS.get(raw) == null) {
        return null;
      }
      TypeAdapter<T> delegate = gson.getDelegateAdapter(this, token);
      TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
      return new TypeAdapter<T>() {
        @Override
        public void write(JsonWriter out, T value) throws IOException {
          delegate.write(out, value);
        }

        @Override
        public T read(JsonReader in) throws IOException {
          JsonElement tree = elements.read(in);
          prune(tree, raw);
          return delegate.fromJsonTree(tree);
        }
      };
    }
  }
}
