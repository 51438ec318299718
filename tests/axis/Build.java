import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apache.axis.wsdl.toJava.Emitter;

/**
 * Builds the Axis peer (run by tests/src/axis_peer.rs, once per change of
 * its inputs, in one JVM):
 * 1. Axis's WSDL2Java (its Emitter, as `WSDL2Java --server-side` runs it)
 *    turns each wsdl/sipxconfig/*.wsdl into server-side Java: beans, the
 *    port interface, a deploy.wsdd. Each WSDL gets its own package, since
 *    all six share one namespace and redefine Property in it. The emitted
 *    do-nothing implementation class is dropped: tests/axis/src has the
 *    real one under the same name, so the emitted deploy.wsdd deploys it.
 *    WSDL2Java also turns wsdl/brekeke/userimpl.wsdl into client stubs
 *    (package pbxsoap.brekeke.stub), for Axis as a client of the project's
 *    own server (pbxsoap.axis.AxisClient; the sipXconfig packages hold
 *    their client stubs already).
 * 2. Everything is compiled for Java 8 (Axis 1.4 reads the class files of
 *    the services it describes and knows no newer format) and without
 *    debug information (so Axis names Brekeke's parameters in0, in1, ...).
 *
 * Usage: java -cp AXIS_JARS tests/axis/Build.java PROJECT_ROOT OUT_DIR
 * Leaves OUT_DIR/classes and OUT_DIR/wsdd/*.wsdd.
 */
public class Build {
    /** wsdl/sipxconfig/<stem>.wsdl -> package pbxsoap.sipx.<stem without '_'>. */
    static final String[] SIPX = {"call_group", "park_orbit", "permission", "phone", "test", "user"};

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args[0]).toAbsolutePath();
        Path out = Paths.get(args[1]).toAbsolutePath();
        Path gen = out.resolve("gen");
        Path wsdd = out.resolve("wsdd");
        Files.createDirectories(wsdd);
        for (String stem : SIPX) {
            String pkg = "pbxsoap.sipx." + stem.replace("_", "");
            Emitter emitter = new Emitter();
            emitter.setServerSide(true);
            emitter.setSkeletonWanted(false);
            emitter.setOutputDir(gen.toString());
            emitter.setPackageName(pkg);
            emitter.run(root.resolve("wsdl/sipxconfig/" + stem + ".wsdl").toString());
            Path dir = gen.resolve(pkg.replace('.', File.separatorChar));
            Files.move(dir.resolve("deploy.wsdd"), wsdd.resolve("sipxconfig_" + stem + ".wsdd"),
                    StandardCopyOption.REPLACE_EXISTING);
            List<Path> emptyImpls = list(dir, "SoapBindingImpl.java");
            if (emptyImpls.size() != 1) {
                throw new IllegalStateException(stem + ": expected one *SoapBindingImpl.java, found " + emptyImpls);
            }
            Files.delete(emptyImpls.get(0));
        }
        Emitter stubs = new Emitter();
        stubs.setOutputDir(gen.toString());
        stubs.setPackageName("pbxsoap.brekeke.stub");
        stubs.run(root.resolve("wsdl/brekeke/userimpl.wsdl").toString());
        Files.copy(root.resolve("tests/axis/brekeke.wsdd"), wsdd.resolve("brekeke.wsdd"),
                StandardCopyOption.REPLACE_EXISTING);

        List<String> sources = new ArrayList<>();
        for (Path p : list(gen, ".java")) {
            sources.add(p.toString());
        }
        for (Path p : list(root.resolve("tests/axis/src"), ".java")) {
            sources.add(p.toString());
        }
        Path classes = out.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: a JDK is needed, not only a JRE");
        }
        List<String> options = new ArrayList<>(Arrays.asList("--release", "8", "-encoding", "UTF-8", "-nowarn",
                "-Xlint:none", "-cp", System.getProperty("java.class.path"), "-d", classes.toString()));
        options.addAll(sources);
        int status = javac.run(null, null, null, options.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("javac failed (" + status + ")");
        }
    }

    /** The files under `dir` whose names end with `suffix`, sorted. */
    static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }
}
