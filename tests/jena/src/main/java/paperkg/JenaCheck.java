package paperkg;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.StreamRDFCounting;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

/**
 * Apache Jena as a second RDF engine for the tests: many checks in one JVM start.
 *
 * <p>Reads one task per line from standard input, tab-separated, and answers each on standard
 * output, ending with a line {@code end}:
 * <pre>
 * count LANG FILE          -&gt;  count  N                 (triples Jena's parser reads; LANG e.g. turtle, jsonld)
 * shacl SHAPES DATA        -&gt;  conforms true|false, then one line per result:
 *                              result FOCUS PATH COMPONENT SEVERITY MESSAGE
 * (any task that fails)    -&gt;  error  MESSAGE
 * </pre>
 * Terms are written in N-Triples syntax, values with tabs and newlines escaped.
 */
public final class JenaCheck {
    public static void main(String[] args) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new java.io.PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            String[] task = line.split("\t");
            try {
                switch (task[0]) {
                    case "count" -> out.println("count\t" + count(task[1], task[2]));
                    case "shacl" -> shacl(task[1], task[2], out);
                    default -> throw new IllegalArgumentException("unknown task " + task[0]);
                }
            } catch (Exception | StackOverflowError e) {
                out.println("error\t" + clean(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            out.println("end");
            out.flush();
        }
    }

    private static long count(String lang, String file) {
        Lang language = RDFLanguages.nameToLang(lang);
        if (language == null) {
            throw new IllegalArgumentException("unknown RDF syntax " + lang);
        }
        StreamRDFCounting counter = StreamRDFLib.count();
        RDFParser.source(file).lang(language).parse(counter);
        return counter.countTriples() + counter.countQuads();
    }

    private static void shacl(String shapesFile, String dataFile, java.io.PrintStream out) {
        Graph shapesGraph = RDFParser.source(shapesFile).toGraph();
        Graph data = RDFParser.source(dataFile).toGraph();
        Shapes shapes = Shapes.parse(shapesGraph);
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        out.println("conforms\t" + report.conforms());
        for (ReportEntry e : report.getEntries()) {
            out.println(String.join("\t", "result", term(e.focusNode()),
                    e.resultPath() == null ? "" : clean(e.resultPath().toString()),
                    term(e.sourceConstraintComponent()), term(e.severity().level()), clean(e.message())));
        }
    }

    private static String term(Node node) {
        return node == null ? "" : node.isURI() ? "<" + node.getURI() + ">" : clean(node.toString());
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
