package org.servicecommons.elasticsearch;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.StopAnalyzer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.apache.lucene.util.Version;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * Fills two gaps of the integ-test distribution, the only Elasticsearch 8
 * distribution published on Maven Central: it has no {@code GET /} (clients'
 * info() and ping()) and no analysis components beyond the standard analyzer,
 * lowercase, stop and shingle.
 *
 * <p>The components below are the Lucene classes that Elasticsearch's own
 * analysis module wraps, under the same names and parameters. Parameters that
 * are not implemented here are rejected rather than ignored, so an index that
 * works on this node does not silently behave differently on a full
 * distribution.
 */
public class DevExtrasPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    // --- GET / and HEAD / ------------------------------------------------------

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
            RestController restController, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver indexNameExpressionResolver,
            Supplier<DiscoveryNodes> nodesInCluster, Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler());
    }

    private final class RootHandler extends BaseRestHandler {
        @Override
        public String getName() {
            return "dev_extras_root_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                ClusterState state = clusterService.state();
                Build build = Build.current();
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("name", clusterService.localNode().getName());
                b.field("cluster_name", state.getClusterName().value());
                b.field("cluster_uuid", state.metadata().clusterUUID());
                b.startObject("version");
                b.field("number", build.qualifiedVersion());
                b.field("build_flavor", build.flavor());
                b.field("build_type", build.type().displayName());
                b.field("build_hash", build.hash());
                b.field("build_date", build.date());
                b.field("build_snapshot", build.isSnapshot());
                b.field("lucene_version", Version.LATEST.toString());
                b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                b.endObject();
                b.field("tagline", "You Know, for Search");
                b.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, b));
            };
        }
    }

    // --- analysis ----------------------------------------------------------------

    /** Rejects settings this stand-in does not implement. */
    private static void allow(String component, Settings settings, String... keys) {
        Set<String> allowed = new HashSet<>(List.of(keys));
        allowed.add("type");
        for (String key : settings.keySet()) {
            String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            // index.* is passed down by Elasticsearch itself (index.version.created)
            if (allowed.contains(top) == false && top.equals("index") == false) {
                throw new IllegalArgumentException("[" + component + "] parameter [" + top
                        + "] is not supported by this test node (tests/elasticsearch/README.md)");
            }
        }
    }

    private interface FilterMaker {
        UnaryOperator<TokenStream> make(IndexSettings index, Environment env, Settings s);
    }

    private static AnalysisProvider<TokenFilterFactory> filter(String type, boolean normalizes, FilterMaker maker,
            String... keys) {
        return (index, env, name, s) -> {
            allow(type, s, keys);
            UnaryOperator<TokenStream> op = maker.make(index, env, s);
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream in) {
                    return op.apply(in);
                }

                @Override
                public TokenStream normalize(TokenStream in) {
                    return normalizes ? op.apply(in) : in;
                }
            };
        };
    }

    private static void checkNgramDiff(IndexSettings index, int min, int max) {
        int allowed = index.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram Tokenizer must be less"
                    + " than or equal to: [" + allowed + "] but was [" + (max - min) + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("asciifolding", filter("asciifolding", true, (i, e, s) -> {
            boolean keep = s.getAsBoolean("preserve_original", false);
            return in -> new ASCIIFoldingFilter(in, keep);
        }, "preserve_original"));
        m.put("edge_ngram", filter("edge_ngram", false, (i, e, s) -> {
            int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
            boolean keep = s.getAsBoolean("preserve_original", false);
            if (s.get("side", "front").equals("front") == false) {
                throw new IllegalArgumentException("edge_ngram: only [side: front] is supported on this test node");
            }
            return in -> new EdgeNGramTokenFilter(in, min, max, keep);
        }, "min_gram", "max_gram", "preserve_original", "side"));
        m.put("ngram", filter("ngram", false, (i, e, s) -> {
            int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
            checkNgramDiff(i, min, max);
            boolean keep = s.getAsBoolean("preserve_original", false);
            return in -> new NGramTokenFilter(in, min, max, keep);
        }, "min_gram", "max_gram", "preserve_original"));
        m.put("stemmer", filter("stemmer", false, (i, e, s) -> {
            String lang = s.get("language", s.get("name", "english"));
            return switch (lang) {
                case "english", "porter" -> PorterStemFilter::new;
                case "light_english", "kstem" -> KStemFilter::new;
                case "minimal_english" -> EnglishMinimalStemFilter::new;
                case "possessive_english" -> EnglishPossessiveFilter::new;
                case "porter2" -> in -> new SnowballFilter(in, "English");
                default -> throw new IllegalArgumentException("stemmer language [" + lang
                        + "] is not available on this test node; use the snowball filter");
            };
        }, "language", "name"));
        m.put("porter_stem", filter("porter_stem", false, (i, e, s) -> PorterStemFilter::new));
        m.put("kstem", filter("kstem", false, (i, e, s) -> KStemFilter::new));
        m.put("snowball", filter("snowball", false, (i, e, s) -> {
            String lang = s.get("language", "English");
            return in -> new SnowballFilter(in, lang);
        }, "language"));
        m.put("elision", AnalysisPlugin.requiresAnalysisSettings(filter("elision", true, (i, e, s) -> {
            CharArraySet articles = Analysis.parseArticles(e, s);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
            return in -> new ElisionFilter(in, articles);
        }, "articles", "articles_path", "articles_case")));
        m.put("trim", filter("trim", true, (i, e, s) -> TrimFilter::new));
        m.put("reverse", filter("reverse", false, (i, e, s) -> ReverseStringFilter::new));
        m.put("unique", filter("unique", false, (i, e, s) -> {
            return s.getAsBoolean("only_on_same_position", false) ? RemoveDuplicatesTokenFilter::new : UniqueFilter::new;
        }, "only_on_same_position"));
        m.put("truncate", filter("truncate", false, (i, e, s) -> {
            int length = s.getAsInt("length", 10);
            return in -> new TruncateTokenFilter(in, length);
        }, "length"));
        m.put("length", filter("length", false, (i, e, s) -> {
            int min = s.getAsInt("min", 0), max = s.getAsInt("max", Integer.MAX_VALUE);
            return in -> new LengthFilter(in, min, max);
        }, "min", "max"));
        m.put("uppercase", filter("uppercase", true, (i, e, s) -> UpperCaseFilter::new));
        m.put("decimal_digit", filter("decimal_digit", true, (i, e, s) -> DecimalDigitFilter::new));
        m.put("synonym", AnalysisPlugin.requiresAnalysisSettings(synonyms("synonym", false)));
        m.put("synonym_graph", AnalysisPlugin.requiresAnalysisSettings(synonyms("synonym_graph", true)));
        return m;
    }

    // --- synonym and synonym_graph ---------------------------------------------

    /**
     * Solr-format synonyms ("refund, return, money back" or "a, b => c"), inline
     * ({@code synonyms}) or from a file under the config folder ({@code synonyms_path}).
     * As in Elasticsearch, the rules are parsed with the part of the analysis
     * chain that comes before the filter, so "Money Back" in a rule meets the
     * query's "money back" after lowercasing; that is why the factory only
     * builds its filter once it knows its chain.
     */
    private static AnalysisProvider<TokenFilterFactory> synonyms(String type, boolean graph) {
        return (index, env, name, s) -> {
            allow(type, s, "synonyms", "synonyms_path", "expand", "lenient", "format");
            if (s.get("format", "solr").equals("solr") == false) {
                throw new IllegalArgumentException("[" + type + "] only [format: solr] is supported on this test node");
            }
            boolean expand = s.getAsBoolean("expand", true);
            boolean lenient = s.getAsBoolean("lenient", false);
            List<String> rules = Analysis.getWordList(env, s, "synonyms");
            if (rules == null) {
                throw new IllegalArgumentException("synonym requires either `synonyms` or `synonyms_path` to be configured");
            }
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream in) {
                    throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
                }

                @Override
                public TokenFilterFactory getChainAwareTokenFilterFactory(IndexCreationContext context, TokenizerFactory tokenizer,
                        List<CharFilterFactory> charFilters, List<TokenFilterFactory> previous,
                        Function<String, TokenFilterFactory> allFilters) {
                    Analyzer chain = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]),
                            previous.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new));
                    SynonymMap map = parseSynonyms(name, rules, expand, lenient, chain);
                    return new TokenFilterFactory() {
                        @Override
                        public String name() {
                            return name;
                        }

                        @Override
                        @SuppressWarnings("deprecation")
                        public TokenStream create(TokenStream in) {
                            // An empty rule list leaves the stream as it is, as Elasticsearch does.
                            if (map.fst == null) {
                                return in;
                            }
                            return graph ? new SynonymGraphFilter(in, map, false) : new SynonymFilter(in, map, false);
                        }

                        @Override
                        public TokenFilterFactory getSynonymFilter() {
                            // A later synonym filter parses its rules without this one.
                            return IDENTITY_FILTER;
                        }
                    };
                }
            };
        };
    }

    private static SynonymMap parseSynonyms(String name, List<String> rules, boolean expand, boolean lenient, Analyzer chain) {
        try {
            SolrSynonymParser parser = lenient ? new LenientSolrSynonymParser(expand, chain) : new SolrSynonymParser(true, expand, chain);
            for (String rule : rules) {
                parser.parse(new StringReader(rule));
            }
            return parser.build();
        } catch (ParseException | IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to build synonyms for [" + name + "]: " + e.getMessage(), e);
        }
    }

    /**
     * Lenient as Elasticsearch's ESSolrSynonymParser is: a word or phrase the chain
     * cannot analyse (only stop words, or a stop word inside a phrase) is left out
     * of its rule, and the rest of the rule still applies.
     */
    private static final class LenientSolrSynonymParser extends SolrSynonymParser {
        LenientSolrSynonymParser(boolean expand, Analyzer chain) {
            super(true, expand, chain);
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (input.length > 0 && output.length > 0) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                return new CharsRef("");
            }
        }
    }

    /** Drops a token whose text was seen before in the same stream, as Elasticsearch's unique filter does. */
    private static final class UniqueFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                if (seen.contains(term.buffer(), 0, term.length()) == false) {
                    seen.add(term.toString());
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }

    private static IntPredicate tokenChars(Settings s) {
        List<String> kinds = s.getAsList("token_chars", List.of());
        if (kinds.isEmpty()) {
            return c -> true;
        }
        String custom = s.get("custom_token_chars", "");
        IntPredicate p = c -> false;
        for (String kind : kinds) {
            IntPredicate q = switch (kind) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                            Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                            Character.FINAL_QUOTE_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                            Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> c -> custom.indexOf(c) >= 0;
                default -> throw new IllegalArgumentException("Unknown token type: '" + kind
                        + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]");
            };
            p = p.or(q);
        }
        return p;
    }

    private static AnalysisProvider<TokenizerFactory> tokenizer(String type, BiFunction<IndexSettings, Settings,
            Supplier<Tokenizer>> maker, String... keys) {
        return (index, env, name, s) -> {
            allow(type, s, keys);
            return TokenizerFactory.newFactory(name, maker.apply(index, s));
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("edge_ngram", tokenizer("edge_ngram", (i, s) -> {
            int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s);
            return () -> new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int c) {
                    return chars.test(c);
                }
            };
            // "side" is accepted and ignored, as Elasticsearch does (Wagtail still sends it).
        }, "min_gram", "max_gram", "token_chars", "custom_token_chars", "side"));
        m.put("ngram", tokenizer("ngram", (i, s) -> {
            int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
            checkNgramDiff(i, min, max);
            IntPredicate chars = tokenChars(s);
            return () -> new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int c) {
                    return chars.test(c);
                }
            };
        }, "min_gram", "max_gram", "token_chars", "custom_token_chars"));
        m.put("whitespace", tokenizer("whitespace", (i, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> new WhitespaceTokenizer(WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max);
        }, "max_token_length"));
        m.put("keyword", tokenizer("keyword", (i, s) -> {
            int size = s.getAsInt("buffer_size", 256);
            return () -> new KeywordTokenizer(size);
        }, "buffer_size"));
        m.put("letter", tokenizer("letter", (i, s) -> LetterTokenizer::new));
        m.put("classic", tokenizer("classic", (i, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(max);
                return t;
            };
        }, "max_token_length"));
        m.put("uax_url_email", tokenizer("uax_url_email", (i, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            };
        }, "max_token_length"));
        return m;
    }

    private interface CharFilterMaker {
        UnaryOperator<Reader> make(Environment env, Settings s);
    }

    private static AnalysisProvider<CharFilterFactory> charFilter(String type, boolean normalizes, CharFilterMaker maker,
            String... keys) {
        return (index, env, name, s) -> {
            allow(type, s, keys);
            UnaryOperator<Reader> op = maker.make(env, s);
            return new CharFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Reader create(Reader in) {
                    return op.apply(in);
                }

                @Override
                public Reader normalize(Reader in) {
                    return normalizes ? op.apply(in) : in;
                }
            };
        };
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", charFilter("html_strip", false, (e, s) -> {
            Set<String> escaped = new HashSet<>(s.getAsList("escaped_tags", List.of()));
            return in -> new HTMLStripCharFilter(in, escaped.isEmpty() ? null : escaped);
        }, "escaped_tags"));
        m.put("mapping", AnalysisPlugin.requiresAnalysisSettings(charFilter("mapping", true, (e, s) -> {
            List<String> rules = Analysis.getWordList(e, s, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("Invalid mapping rule : [" + rule + "]");
                }
                builder.add(unescape(rule.substring(0, arrow).trim()), unescape(rule.substring(arrow + 2).trim()));
            }
            NormalizeCharMap map = builder.build();
            return in -> new MappingCharFilter(map, in);
        }, "mappings", "mappings_path")));
        m.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings(charFilter("pattern_replace", true, (e, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) {
                throw new IllegalArgumentException("pattern is missing for [pattern_replace] char filter");
            }
            java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(pattern);
            String replacement = s.get("replacement", "");
            return in -> new PatternReplaceCharFilter(compiled, replacement, in);
        }, "pattern", "replacement")));
        return m;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private interface AnalyzerMaker {
        Analyzer make(Environment env, Settings s);
    }

    private static AnalysisProvider<AnalyzerProvider<? extends Analyzer>> analyzer(String type, AnalyzerMaker maker,
            String... keys) {
        return (index, env, name, s) -> {
            allow(type, s, keys);
            Analyzer a = maker.make(env, s);
            return new AbstractIndexAnalyzerProvider<Analyzer>(name, s) {
                @Override
                public Analyzer get() {
                    return a;
                }
            };
        };
    }

    private record Language(Supplier<CharArraySet> stopwords, BiFunction<CharArraySet, CharArraySet, Analyzer> make) {}

    private static Map<String, Language> languages() {
        Map<String, Language> m = new HashMap<>();
        m.put("arabic", new Language(org.apache.lucene.analysis.ar.ArabicAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ar.ArabicAnalyzer::new));
        m.put("armenian", new Language(org.apache.lucene.analysis.hy.ArmenianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.hy.ArmenianAnalyzer::new));
        m.put("basque", new Language(org.apache.lucene.analysis.eu.BasqueAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.eu.BasqueAnalyzer::new));
        m.put("bengali", new Language(org.apache.lucene.analysis.bn.BengaliAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.bn.BengaliAnalyzer::new));
        m.put("brazilian", new Language(org.apache.lucene.analysis.br.BrazilianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.br.BrazilianAnalyzer::new));
        m.put("bulgarian", new Language(org.apache.lucene.analysis.bg.BulgarianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.bg.BulgarianAnalyzer::new));
        m.put("catalan", new Language(org.apache.lucene.analysis.ca.CatalanAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ca.CatalanAnalyzer::new));
        m.put("czech", new Language(org.apache.lucene.analysis.cz.CzechAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.cz.CzechAnalyzer::new));
        m.put("danish", new Language(org.apache.lucene.analysis.da.DanishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.da.DanishAnalyzer::new));
        m.put("dutch", new Language(org.apache.lucene.analysis.nl.DutchAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.nl.DutchAnalyzer::new));
        m.put("english", new Language(EnglishAnalyzer::getDefaultStopSet, EnglishAnalyzer::new));
        m.put("estonian", new Language(org.apache.lucene.analysis.et.EstonianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.et.EstonianAnalyzer::new));
        m.put("finnish", new Language(org.apache.lucene.analysis.fi.FinnishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.fi.FinnishAnalyzer::new));
        m.put("french", new Language(org.apache.lucene.analysis.fr.FrenchAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.fr.FrenchAnalyzer::new));
        m.put("galician", new Language(org.apache.lucene.analysis.gl.GalicianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.gl.GalicianAnalyzer::new));
        m.put("german", new Language(org.apache.lucene.analysis.de.GermanAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.de.GermanAnalyzer::new));
        m.put("greek", new Language(org.apache.lucene.analysis.el.GreekAnalyzer::getDefaultStopSet,
                (stop, exclusion) -> {
                    if (exclusion.isEmpty() == false) {
                        throw new IllegalArgumentException("[greek] parameter [stem_exclusion] is not supported");
                    }
                    return new org.apache.lucene.analysis.el.GreekAnalyzer(stop);
                }));
        m.put("hindi", new Language(org.apache.lucene.analysis.hi.HindiAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.hi.HindiAnalyzer::new));
        m.put("hungarian", new Language(org.apache.lucene.analysis.hu.HungarianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.hu.HungarianAnalyzer::new));
        m.put("indonesian", new Language(org.apache.lucene.analysis.id.IndonesianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.id.IndonesianAnalyzer::new));
        m.put("irish", new Language(org.apache.lucene.analysis.ga.IrishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ga.IrishAnalyzer::new));
        m.put("italian", new Language(org.apache.lucene.analysis.it.ItalianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.it.ItalianAnalyzer::new));
        m.put("latvian", new Language(org.apache.lucene.analysis.lv.LatvianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.lv.LatvianAnalyzer::new));
        m.put("lithuanian", new Language(org.apache.lucene.analysis.lt.LithuanianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.lt.LithuanianAnalyzer::new));
        m.put("norwegian", new Language(org.apache.lucene.analysis.no.NorwegianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.no.NorwegianAnalyzer::new));
        m.put("portuguese", new Language(org.apache.lucene.analysis.pt.PortugueseAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.pt.PortugueseAnalyzer::new));
        m.put("romanian", new Language(org.apache.lucene.analysis.ro.RomanianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ro.RomanianAnalyzer::new));
        m.put("russian", new Language(org.apache.lucene.analysis.ru.RussianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ru.RussianAnalyzer::new));
        m.put("serbian", new Language(org.apache.lucene.analysis.sr.SerbianAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.sr.SerbianAnalyzer::new));
        m.put("sorani", new Language(org.apache.lucene.analysis.ckb.SoraniAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.ckb.SoraniAnalyzer::new));
        m.put("spanish", new Language(org.apache.lucene.analysis.es.SpanishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.es.SpanishAnalyzer::new));
        m.put("swedish", new Language(org.apache.lucene.analysis.sv.SwedishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.sv.SwedishAnalyzer::new));
        m.put("turkish", new Language(org.apache.lucene.analysis.tr.TurkishAnalyzer::getDefaultStopSet,
                org.apache.lucene.analysis.tr.TurkishAnalyzer::new));
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("keyword", analyzer("keyword", (e, s) -> new KeywordAnalyzer()));
        m.put("simple", analyzer("simple", (e, s) -> new SimpleAnalyzer()));
        m.put("whitespace", analyzer("whitespace", (e, s) -> new WhitespaceAnalyzer()));
        m.put("stop", analyzer("stop", (e, s) -> new StopAnalyzer(
                Analysis.parseStopWords(e, s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)), "stopwords", "stopwords_path"));
        languages().forEach((name, lang) -> m.put(name, analyzer(name, (e, s) -> lang.make().apply(
                Analysis.parseStopWords(e, s, lang.stopwords().get()),
                Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)),
                "stopwords", "stopwords_path", "stem_exclusion")));
        return m;
    }
}
