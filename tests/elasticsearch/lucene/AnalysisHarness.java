// Runs Elasticsearch-style custom analyzers on real Lucene and prints their token streams.
//
// Usage: java AnalysisHarness SPEC_FILE < requests
//
// SPEC_FILE describes analyzers, one component per line (tab-separated), as translated by
// tests/elasticsearch/lucene.py from the index settings the backend sends:
//   analyzer NAME | char_filter mapping RULES_FILE | tokenizer standard |
//   tokenizer pattern HEX_PATTERN | filter lowercase | filter asciifolding |
//   filter stop WORDS_FILE | filter stop _indonesian_ | filter stop _english_ |
//   filter stemmer LANGUAGE | filter synonym_graph RULES_FILE LENIENT |
//   filter shingle MIN MAX UNIGRAMS | filter flatten_graph | end
// Each request is one line, "ANALYZER<TAB>MODE<TAB>HEX_TEXT", answered with one line:
//   MODE tokens: "HEX_TERM/POSINC/POSLEN" per token, tab-separated;
//   MODE paths:  every path through the token graph, as HEX_TERMs joined by spaces,
//                paths tab-separated (the finite strings a query parser sees);
//   "stopset<TAB>_indonesian_|_english_<TAB>": Lucene's built-in stop list, HEX words.
// Text and terms travel as hex of their UTF-8 bytes, so no character needs escaping.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.apache.lucene.util.graph.GraphTokenStreamFiniteStrings;

public class AnalysisHarness {

    /** One custom analyzer: char filters, a tokenizer, token filters, in order. */
    static final class Chain extends Analyzer {
        final List<NormalizeCharMap> charFilters;
        final String[] tokenizer;
        final List<Function<TokenStream, TokenStream>> filters;

        Chain(List<NormalizeCharMap> charFilters, String[] tokenizer,
              List<Function<TokenStream, TokenStream>> filters) {
            this.charFilters = charFilters;
            this.tokenizer = tokenizer;
            this.filters = filters;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            for (NormalizeCharMap map : charFilters) {
                reader = new MappingCharFilter(map, reader);
            }
            return reader;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source;
            if (tokenizer[1].equals("standard")) {
                source = new StandardTokenizer();
            } else if (tokenizer[1].equals("pattern")) {
                // Elasticsearch's pattern tokenizer: the pattern splits (group -1).
                source = new PatternTokenizer(Pattern.compile(unhex(tokenizer[2])), -1);
            } else {
                throw new IllegalArgumentException("unknown tokenizer " + tokenizer[1]);
            }
            TokenStream stream = source;
            for (Function<TokenStream, TokenStream> filter : filters) {
                stream = filter.apply(stream);
            }
            return new TokenStreamComponents(source, stream);
        }
    }

    /** Elasticsearch's lenient Solr synonym parser (ESSolrSynonymParser): a rule term the
     *  chain cannot parse is dropped, not the whole set. */
    static final class LenientParser extends SolrSynonymParser {
        final boolean lenient;

        LenientParser(boolean lenient, Analyzer analyzer) {
            super(true, true, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    return new CharsRef("");
                }
                throw e;
            }
        }
    }

    // Elasticsearch's mapping rule syntax: "source => target", with \\uXXXX escapes.
    static final Pattern RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    static NormalizeCharMap mappingRules(String path) throws IOException {
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        for (String rule : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
            if (rule.isEmpty()) {
                continue;
            }
            Matcher m = RULE.matcher(rule);
            if (!m.find()) {
                throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            builder.add(unescape(m.group(1).trim()), unescape(m.group(2).trim()));
        }
        return builder.build();
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                c = s.charAt(++i);
                switch (c) {
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case 'r': c = '\r'; break;
                    case 'b': c = '\b'; break;
                    case 'f': c = '\f'; break;
                    case 'u':
                        c = (char) Integer.parseInt(s.substring(i + 1, i + 5), 16);
                        i += 4;
                        break;
                    default: break;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    static CharArraySet builtInStopSet(String name) {
        if (name.equals("_indonesian_")) {
            return IndonesianAnalyzer.getDefaultStopSet();
        }
        if (name.equals("_english_")) {
            return EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
        }
        throw new IllegalArgumentException("unknown stop list " + name);
    }

    static CharArraySet stopSet(String spec) throws IOException {
        if (spec.startsWith("_")) {
            return builtInStopSet(spec);
        }
        return new CharArraySet(Files.readAllLines(Paths.get(spec), StandardCharsets.UTF_8), false);
    }

    static Function<TokenStream, TokenStream> stemmer(String language) {
        switch (language) {
            case "indonesian": return IndonesianStemFilter::new;
            case "english": return PorterStemFilter::new;
            case "porter": return PorterStemFilter::new;
            case "possessive_english": return EnglishPossessiveFilter::new;
            default: throw new IllegalArgumentException("unknown stemmer " + language);
        }
    }

    static Map<String, Analyzer> readSpec(String path) throws Exception {
        Map<String, Analyzer> analyzers = new HashMap<>();
        String name = null;
        List<NormalizeCharMap> charFilters = null;
        String[] tokenizer = null;
        List<Function<TokenStream, TokenStream>> filters = null;
        for (String line : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "analyzer":
                    name = f[1];
                    charFilters = new ArrayList<>();
                    tokenizer = null;
                    filters = new ArrayList<>();
                    break;
                case "char_filter":
                    if (!f[1].equals("mapping")) {
                        throw new IllegalArgumentException("unknown char filter " + f[1]);
                    }
                    charFilters.add(mappingRules(f[2]));
                    break;
                case "tokenizer":
                    tokenizer = f;
                    break;
                case "filter":
                    filters.add(filter(f, charFilters, tokenizer, filters));
                    break;
                case "end":
                    analyzers.put(name, new Chain(charFilters, tokenizer, filters));
                    break;
                default:
                    throw new IllegalArgumentException("bad spec line " + line);
            }
        }
        return analyzers;
    }

    static Function<TokenStream, TokenStream> filter(
            String[] f, List<NormalizeCharMap> charFilters, String[] tokenizer,
            List<Function<TokenStream, TokenStream>> before) throws Exception {
        switch (f[1]) {
            case "lowercase": return LowerCaseFilter::new;
            case "asciifolding": return ASCIIFoldingFilter::new;
            case "flatten_graph": return FlattenGraphFilter::new;
            case "stemmer": return stemmer(f[2]);
            case "stop": {
                CharArraySet words = stopSet(f[2]);
                return s -> new StopFilter(s, words);
            }
            case "shingle": {
                int min = Integer.parseInt(f[2]);
                int max = Integer.parseInt(f[3]);
                boolean unigrams = Boolean.parseBoolean(f[4]);
                return s -> {
                    ShingleFilter shingles = new ShingleFilter(s, min, max);
                    shingles.setOutputUnigrams(unigrams);
                    return shingles;
                };
            }
            case "synonym_graph": {
                // As Elasticsearch does: the rules are parsed by the chain before the filter.
                Analyzer parser = new Chain(charFilters, tokenizer, new ArrayList<>(before));
                LenientParser rules = new LenientParser(Boolean.parseBoolean(f[3]), parser);
                rules.parse(Files.newBufferedReader(Paths.get(f[2]), StandardCharsets.UTF_8));
                SynonymMap map = rules.build();
                return s -> map.fst == null ? s : new SynonymGraphFilter(s, map, false);
            }
            default: throw new IllegalArgumentException("unknown filter " + f[1]);
        }
    }

    static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    static String unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String tokens(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute len = stream.addAttribute(PositionLengthAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(hex(term.toString()) + "/" + inc.getPositionIncrement() + "/"
                        + len.getPositionLength());
            }
            stream.end();
        }
        return String.join("\t", out);
    }

    static String paths(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", new StringReader(text))) {
            GraphTokenStreamFiniteStrings graph = new GraphTokenStreamFiniteStrings(stream);
            Iterator<TokenStream> it = graph.getFiniteStrings();
            while (it.hasNext()) {
                TokenStream path = it.next();
                CharTermAttribute term = path.addAttribute(CharTermAttribute.class);
                List<String> words = new ArrayList<>();
                path.reset();
                while (path.incrementToken()) {
                    words.add(hex(term.toString()));
                }
                out.add(String.join(" ", words));
            }
        }
        return String.join("\t", out);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Analyzer> analyzers = readSpec(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("stopset")) {
                List<String> words = new ArrayList<>();
                for (Object word : builtInStopSet(f[1])) {
                    words.add(hex(new String((char[]) word)));
                }
                out.println(String.join("\t", words));
            } else {
                Analyzer analyzer = analyzers.get(f[0]);
                if (analyzer == null) {
                    throw new IllegalArgumentException("no analyzer " + f[0]);
                }
                String text = unhex(f[2]);
                out.println(f[1].equals("paths") ? paths(analyzer, text) : tokens(analyzer, text));
            }
            out.flush();
        }
    }
}
