package pbxsoap.axis;

import java.io.File;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;

import org.apache.axis.AxisFault;
import org.apache.axis.Constants;
import org.apache.axis.description.FieldDesc;
import org.apache.axis.description.TypeDesc;

/**
 * The services' behaviour, from the same cases files the PHP peer answers
 * from (tests/php/cases/, read from the directory in the system property
 * pbxsoap.cases): each call's arguments are checked against the
 * operation's cases and the matching case's result is returned as the
 * method's Java type, or its fault thrown. Arguments that match no case are
 * a Client fault naming what arrived.
 *
 * Values compare as the PHP peer compares them, with what Axis's Java
 * mapping cannot tell apart taken as equal: a bean is its fields by XML
 * element name, an absent field, a null (xsi:nil) and an empty array are
 * the same, numbers compare by value, and an argument list shorter than the
 * case's matches when the case's extra arguments are null (PHP decodes the
 * one-part overload of an operation with the other parts null).
 */
public final class Cases {
    private static final Map<String, Cases> LOADED = new HashMap<String, Cases>();

    private final String file;
    private final Map<String, List<Map<String, Object>>> operations;

    private Cases(String file, Map<String, List<Map<String, Object>>> operations) {
        this.file = file;
        this.operations = operations;
    }

    /** The cases of `file` (relative to the cases directory), read once. */
    public static synchronized Cases of(String file) {
        Cases cases = LOADED.get(file);
        if (cases == null) {
            cases = load(file);
            LOADED.put(file, cases);
        }
        return cases;
    }

    @SuppressWarnings("unchecked")
    private static Cases load(String file) {
        String dir = System.getProperty("pbxsoap.cases");
        if (dir == null) {
            throw new IllegalStateException("the system property pbxsoap.cases is not set");
        }
        try {
            byte[] bytes = Files.readAllBytes(new File(dir, file).toPath());
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(bytes, StandardCharsets.UTF_8));
            Map<String, List<Map<String, Object>>> ops = new HashMap<String, List<Map<String, Object>>>();
            for (Map.Entry<String, Object> e : root.entrySet()) {
                List<Map<String, Object>> list = new ArrayList<Map<String, Object>>();
                if (e.getValue() instanceof List) {
                    for (Object c : (List<Object>) e.getValue()) {
                        list.add((Map<String, Object>) c);
                    }
                } else {
                    list.add((Map<String, Object>) e.getValue());
                }
                ops.put(e.getKey(), list);
            }
            return new Cases(file, ops);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the cases file " + file + ": " + e, e);
        }
    }

    /**
     * The result of the case of `operation` whose arguments are `args`,
     * converted to `type` (Void.class for none); its fault, thrown.
     */
    @SuppressWarnings("unchecked")
    public <T> T answer(Class<T> type, String operation, Object... args) throws RemoteException {
        List<Map<String, Object>> candidates = operations.get(operation);
        if (candidates == null) {
            throw new AxisFault("Server", "no case for operation " + operation + " in " + file, null, null);
        }
        List<Object> got = new ArrayList<Object>();
        for (Object a : args) {
            got.add(plain(a));
        }
        for (Map<String, Object> c : candidates) {
            if (!same(got, c.get("args"))) {
                continue;
            }
            if (c.containsKey("fault")) {
                throw fault((Map<String, Object>) c.get("fault"));
            }
            if (type == Void.class) {
                return null;
            }
            return (T) toJava(c.get("result"), type, operation);
        }
        AxisFault f = new AxisFault(new QName(Constants.URI_SOAP11_ENV, "Client"),
                "unexpected arguments for " + operation, null, null);
        f.addFaultDetail(new QName("", "arguments"), Json.write(got));
        throw f;
    }

    /** A case's fault: Server.userException as the Java exception it names, others as they are. */
    private static RemoteException fault(Map<String, Object> f) {
        String code = (String) f.get("code");
        String string = (String) f.get("string");
        int colon = string.indexOf(": ");
        if ("Server.userException".equals(code) && colon > 0) {
            // Thrown, not built: Axis itself turns it into the fault (code,
            // "<class>: <message>", host name and stack trace in the detail).
            RuntimeException e;
            try {
                Class<?> cls = Class.forName(string.substring(0, colon));
                e = (RuntimeException) cls.getConstructor(String.class).newInstance(string.substring(colon + 2));
            } catch (ReflectiveOperationException | ClassCastException x) {
                throw new IllegalStateException("the case's exception cannot be thrown: " + string, x);
            }
            throw e;
        }
        AxisFault fault = new AxisFault(new QName(Constants.URI_SOAP11_ENV, code), string, null, null);
        if (f.get("detail") != null) {
            fault.addFaultDetail(new QName("", "detail"), String.valueOf(f.get("detail")));
        }
        return fault;
    }

    /** A Java value as the JSON of the cases files holds it. */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number) {
            return new BigDecimal(v.toString());
        }
        if (v instanceof byte[]) {
            return Collections.singletonMap("__base64", Base64.getEncoder().encodeToString((byte[]) v));
        }
        if (v.getClass().isArray()) {
            List<Object> list = new ArrayList<Object>();
            for (int i = 0; i < Array.getLength(v); i++) {
                list.add(plain(Array.get(v, i)));
            }
            return list;
        }
        TypeDesc desc = TypeDesc.getTypeDescForClass(v.getClass());
        if (desc == null) {
            throw new IllegalStateException("no JSON form for " + v.getClass().getName());
        }
        Map<String, Object> map = new LinkedHashMap<String, Object>();
        for (FieldDesc field : desc.getFields()) {
            map.put(field.getXmlName().getLocalPart(), plain(invoke(accessor(v.getClass(), field, true), v)));
        }
        return map;
    }

    /** Whether `got` (plain) equals the case's `want` (see the class comment). */
    @SuppressWarnings("unchecked")
    static boolean same(Object got, Object want) {
        if (isNothing(got) && isNothing(want)) {
            return true;
        }
        if (got instanceof BigDecimal && want instanceof BigDecimal) {
            return ((BigDecimal) got).compareTo((BigDecimal) want) == 0;
        }
        if (got instanceof List && want instanceof List) {
            List<Object> g = (List<Object>) got;
            List<Object> w = (List<Object>) want;
            if (g.size() > w.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!same(i < g.size() ? g.get(i) : null, w.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (got instanceof Map && want instanceof Map) {
            Map<String, Object> g = (Map<String, Object>) got;
            Map<String, Object> w = (Map<String, Object>) want;
            Set<String> keys = new HashSet<String>(g.keySet());
            keys.addAll(w.keySet());
            for (String k : keys) {
                if (!same(g.get(k), w.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return got != null && got.equals(want);
    }

    private static boolean isNothing(Object v) {
        return v == null || (v instanceof List && ((List<?>) v).isEmpty());
    }

    /** The case's JSON value `v` as a `type`. */
    @SuppressWarnings("unchecked")
    static Object toJava(Object v, Class<?> type, String at) {
        if (v == null) {
            return null;
        }
        if (type.isArray() && v instanceof Map && ((Map<String, Object>) v).size() == 1) {
            // An ArrayOfX wrapper ({"item": [...]}) is a Java array.
            Object items = ((Map<String, Object>) v).values().iterator().next();
            if (items instanceof List) {
                v = items;
            }
        }
        if (type == String.class && v instanceof String) {
            return v;
        }
        if ((type == Boolean.class || type == boolean.class) && v instanceof Boolean) {
            return v;
        }
        if (v instanceof BigDecimal) {
            BigDecimal n = (BigDecimal) v;
            if (type == Integer.class || type == int.class) {
                return n.intValueExact();
            } else if (type == Long.class || type == long.class) {
                return n.longValueExact();
            } else if (type == Short.class || type == short.class) {
                return n.shortValueExact();
            } else if (type == Double.class || type == double.class) {
                return n.doubleValue();
            } else if (type == Float.class || type == float.class) {
                return n.floatValue();
            } else if (type == BigDecimal.class) {
                return n;
            } else if (type == BigInteger.class) {
                return n.toBigIntegerExact();
            }
        }
        if (type == byte[].class && v instanceof Map && ((Map<String, Object>) v).containsKey("__base64")) {
            return Base64.getDecoder().decode((String) ((Map<String, Object>) v).get("__base64"));
        }
        if (type.isArray() && v instanceof List) {
            List<Object> list = (List<Object>) v;
            Object array = Array.newInstance(type.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, toJava(list.get(i), type.getComponentType(), at + "[" + i + "]"));
            }
            return array;
        }
        TypeDesc desc = TypeDesc.getTypeDescForClass(type);
        if (desc != null && v instanceof Map) {
            return bean((Map<String, Object>) v, type, desc, at);
        }
        throw new IllegalStateException(at + ": the case's " + Json.write(v) + " is no " + type.getName());
    }

    private static Object bean(Map<String, Object> v, Class<?> type, TypeDesc desc, String at) {
        Object bean;
        try {
            bean = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(at + ": cannot create a " + type.getName(), e);
        }
        for (Map.Entry<String, Object> e : v.entrySet()) {
            FieldDesc field = null;
            for (FieldDesc f : desc.getFields()) {
                if (f.getXmlName().getLocalPart().equals(e.getKey())) {
                    field = f;
                }
            }
            if (field == null) {
                throw new IllegalStateException(at + ": " + type.getName() + " has no element " + e.getKey());
            }
            Method setter = accessor(type, field, false);
            Object value = toJava(e.getValue(), setter.getParameterTypes()[0], at + "/" + e.getKey());
            invoke(setter, bean, value);
        }
        return bean;
    }

    /** The bean's getter (`get`) or one-argument setter of `field`. */
    private static Method accessor(Class<?> type, FieldDesc field, boolean get) {
        String name = field.getFieldName();
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method m : type.getMethods()) {
            boolean match = get
                    ? m.getParameterTypes().length == 0 && (m.getName().equals("get" + cap) || m.getName().equals("is" + cap))
                    : m.getParameterTypes().length == 1 && m.getName().equals("set" + cap);
            if (match) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no " + (get ? "getter" : "setter") + " for " + name);
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("calling " + m + ": " + e, e);
        }
    }
}
