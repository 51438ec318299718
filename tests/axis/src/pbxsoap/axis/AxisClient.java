package pbxsoap.axis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.axis.AxisFault;
import org.w3c.dom.Element;

/**
 * Axis 1.4 as a client: the stubs WSDL2Java generates (tests/axis/Build.java)
 * call every case of a cases file on an endpoint (the project's own server
 * in the tests), with the case's arguments as Java values, and compare the
 * answer, or the fault, with the case's (as pbxsoap.axis.Cases compares).
 *
 * Usage: AxisClient (LOCATOR_CLASS PORT ENDPOINT CASES_FILE)... (the stub
 * comes from LOCATOR_CLASS's get<PORT>(URL); several services in one JVM).
 * Prints one JSON list of {"operation", "args", "ok", "got",
 * "server_differs"}.
 *
 * An overload is chosen by the number of arguments; a case whose last
 * arguments are null calls the overload without them when there is one, as
 * a Java caller would.
 */
public final class AxisClient {
    private AxisClient() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        List<Object> out = new ArrayList<Object>();
        for (int at = 0; at + 4 <= args.length; at += 4) {
            Class<?> locator = Class.forName(args[at]);
            Object service = locator.getConstructor().newInstance();
            Object port = locator.getMethod("get" + args[at + 1], URL.class).invoke(service, new URL(args[at + 2]));
            String text = new String(Files.readAllBytes(Paths.get(args[at + 3])), StandardCharsets.UTF_8);
            Map<String, Object> cases = (Map<String, Object>) Json.parse(text);
            for (Map.Entry<String, Object> e : cases.entrySet()) {
                List<Object> list =
                        e.getValue() instanceof List ? (List<Object>) e.getValue() : single(e.getValue());
                for (Object c : list) {
                    out.add(call(port, e.getKey(), (Map<String, Object>) c));
                }
            }
        }
        System.out.println(Json.write(out));
    }

    private static List<Object> single(Object v) {
        List<Object> list = new ArrayList<Object>();
        list.add(v);
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(Object port, String operation, Map<String, Object> c) throws Exception {
        List<Object> args = (List<Object>) c.get("args");
        Method method = method(port.getClass(), operation, args);
        Class<?>[] types = method.getParameterTypes();
        Object[] javaArgs = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            javaArgs[i] = Cases.toJava(args.get(i), types[i], operation + "/" + i);
        }
        Map<String, Object> r = new LinkedHashMap<String, Object>();
        r.put("operation", operation);
        r.put("args", args);
        r.put("server_differs", c.get("server_differs"));
        Map<String, Object> fault = (Map<String, Object>) c.get("fault");
        try {
            Object result = method.invoke(port, javaArgs);
            Object got = method.getReturnType() == void.class ? null : Cases.plain(result);
            r.put("ok", fault == null && Cases.same(got, arrays(c.get("result"))));
            r.put("got", got);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof AxisFault)) {
                throw e;
            }
            AxisFault f = (AxisFault) e.getCause();
            Map<String, Object> got = new LinkedHashMap<String, Object>();
            String code = f.getFaultCode().getLocalPart();
            got.put("faultcode", code);
            got.put("faultstring", f.getFaultString());
            got.put("detail", detail(f));
            boolean same = fault != null && code.equals(fault.get("code"))
                    && f.getFaultString().equals(fault.get("string"))
                    && detail(f).equals(fault.get("detail"));
            r.put("ok", same);
            r.put("got", got);
        }
        return r;
    }

    /**
     * The case's value with every ArrayOfX wrapper ({"item": [...]}) as its
     * list, as Axis maps such a wrapper to a Java array.
     */
    @SuppressWarnings("unchecked")
    static Object arrays(Object v) {
        if (v instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) v;
            if (map.size() == 1 && map.values().iterator().next() instanceof List) {
                return arrays(map.values().iterator().next());
            }
            Map<String, Object> out = new LinkedHashMap<String, Object>();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                out.put(e.getKey(), arrays(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<Object>();
            for (Object x : (List<Object>) v) {
                out.add(arrays(x));
            }
            return out;
        }
        return v;
    }

    /** The text of the fault's detail entries. */
    private static String detail(AxisFault f) {
        StringBuilder text = new StringBuilder();
        Element[] details = f.getFaultDetails();
        if (details != null) {
            for (Element d : details) {
                text.append(d.getTextContent());
            }
        }
        return text.toString();
    }

    /** The stub method for `operation` and `args` (see the class comment). */
    private static Method method(Class<?> stub, String operation, List<Object> args) {
        Method best = null;
        for (Method m : stub.getMethods()) {
            int n = m.getParameterTypes().length;
            if (!m.getName().equals(operation) || n > args.size()) {
                continue;
            }
            boolean droppedNull = true;
            for (int i = n; i < args.size(); i++) {
                droppedNull &= args.get(i) == null;
            }
            if (droppedNull && (best == null || n < best.getParameterTypes().length)) {
                best = m;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the stub " + stub.getName() + " has no method " + operation
                    + " for " + args.size() + " arguments");
        }
        return best;
    }
}
