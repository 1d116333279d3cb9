"""Real Lucene for the analysis tests: compiles tests/elasticsearch/lucene/AnalysisHarness.java
against Debian's liblucene8-java (installed by `make lucene-deps`) and runs the analyzers of
an index's settings, translated component by component, on text.

The translation follows how Elasticsearch builds a custom analyzer: char filters, the
tokenizer, then the token filters in order; a `synonym_graph` filter's rules (the synonyms
set) are parsed by the chain in front of it, leniently (a rule term the chain cannot parse
is dropped). A component this module does not know raises, so a new filter in the index
settings cannot go untested silently.
"""

import os
import shutil
import subprocess
from pathlib import Path

HARNESS = Path(__file__).resolve().parent / "lucene" / "AnalysisHarness.java"
JARS = [
    Path("/usr/share/maven-repo/org/apache/lucene/lucene-core/8.x/lucene-core-8.x.jar"),
    Path(
        "/usr/share/maven-repo/org/apache/lucene/lucene-analyzers-common/8.x/"
        "lucene-analyzers-common-8.x.jar"
    ),
]
STEMMERS = {"indonesian", "english", "porter", "possessive_english"}


def missing():
    """Why real Lucene cannot run here, or "" when it can."""
    tools = [t for t in ("java", "javac") if not shutil.which(t)]
    if tools:
        return f"{' and '.join(tools)} not found (make lucene-deps installs a JDK)"
    jars = [str(j) for j in JARS if not j.exists()]
    if jars:
        return f"Lucene jars missing: {', '.join(jars)} (make lucene-deps installs liblucene8-java)"
    return ""


def compile_harness(directory):
    classes = Path(directory) / "classes"
    classes.mkdir(parents=True, exist_ok=True)
    classpath = os.pathsep.join(str(j) for j in JARS)
    subprocess.run(
        ["javac", "-nowarn", "-d", str(classes), "-cp", classpath, str(HARNESS)],
        check=True,
        capture_output=True,
    )
    return os.pathsep.join([str(classes), classpath])


def _hex(text):
    return text.encode("utf-8").hex()


def _unhex(text):
    return bytes.fromhex(text).decode("utf-8")


class Lucene:
    """The analyzers of one index's analysis settings, running in one JVM."""

    def __init__(self, classpath, analysis, synonym_rules, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        spec = self.directory / "analyzers.tsv"
        spec.write_text(self.translate(analysis, synonym_rules), encoding="utf-8")
        self.process = subprocess.Popen(
            ["java", "-cp", classpath, "AnalysisHarness", str(spec)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def _ask(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the Lucene harness stopped (exit {self.process.poll()})")
        return answer.rstrip("\n")

    def tokens(self, analyzer, text):
        """[(term, position increment, position length)]."""
        answer = self._ask(f"{analyzer}\ttokens\t{_hex(text)}")
        out = []
        for item in answer.split("\t") if answer else []:
            term, increment, length = item.split("/")
            out.append((_unhex(term), int(increment), int(length)))
        return out

    def terms(self, analyzer, text):
        return [term for term, _, _ in self.tokens(analyzer, text)]

    def paths(self, analyzer, text):
        """Every path through the token graph: {tuple of terms}."""
        answer = self._ask(f"{analyzer}\tpaths\t{_hex(text)}")
        return {
            tuple(_unhex(term) for term in path.split(" ") if term)
            for path in (answer.split("\t") if answer else [])
        }

    def built_in_stop_words(self, name):
        return {_unhex(w) for w in self._ask(f"stopset\t{name}\t").split("\t") if w}

    # --- from index settings to the harness's spec ------------------------------------------

    def _file(self, name, lines):
        path = self.directory / name
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        return str(path)

    def translate(self, analysis, synonym_rules, only=None):
        """The harness spec for every custom analyzer in `analysis` (the index settings'
        "analysis" object); `synonym_rules` is the synonyms set's rules."""
        lines = []
        for name, analyzer in analysis["analyzer"].items():
            lines.extend(self._analyzer(name, analyzer, analysis, synonym_rules))
            # The same chain cut before its stemmer: where stems may differ, the words
            # must not.
            filters = analyzer.get("filter", [])
            cut = [f for f in filters if analysis["filter"].get(f, {}).get("type") != "stemmer"]
            if cut != filters:
                lines.extend(
                    self._analyzer(f"{name}@unstemmed", {**analyzer, "filter": cut}, analysis,
                                   synonym_rules)
                )  # fmt: skip
        return "".join(f"{line}\n" for line in lines)

    def _analyzer(self, name, analyzer, analysis, synonym_rules):
        if analyzer.get("type") != "custom":
            raise NotImplementedError(f"analyzer {name}: type {analyzer.get('type')}")
        lines = [f"analyzer\t{name}"]
        for char_filter in analyzer.get("char_filter", []):
            spec = analysis["char_filter"][char_filter]
            if spec["type"] != "mapping":
                raise NotImplementedError(f"char filter {char_filter}: {spec['type']}")
            lines.append(f"char_filter\tmapping\t{self._file(char_filter, spec['mappings'])}")
        lines.append(self._tokenizer(analyzer["tokenizer"], analysis))
        for token_filter in analyzer.get("filter", []):
            lines.append(self._filter(token_filter, analysis, synonym_rules))
        lines.append("end")
        return lines

    @staticmethod
    def _tokenizer(name, analysis):
        if name == "standard":
            return "tokenizer\tstandard"
        spec = analysis.get("tokenizer", {}).get(name)
        if spec is None or spec["type"] != "pattern" or set(spec) - {"type", "pattern"}:
            raise NotImplementedError(f"tokenizer {name}: {spec}")
        return f"tokenizer\tpattern\t{_hex(spec['pattern'])}"

    def _filter(self, name, analysis, synonym_rules):
        if name in ("lowercase", "asciifolding", "flatten_graph"):
            return f"filter\t{name}"
        spec = analysis["filter"][name]
        kind = spec["type"]
        if kind == "stop":
            words = spec["stopwords"]
            if isinstance(words, str):
                return f"filter\tstop\t{words}"
            return f"filter\tstop\t{self._file(name, sorted(words))}"
        if kind == "stemmer" and spec["language"] in STEMMERS:
            return f"filter\tstemmer\t{spec['language']}"
        if kind == "synonym_graph":
            rules = [rule["synonyms"] for rule in synonym_rules]
            lenient = "true" if spec.get("lenient") else "false"
            return f"filter\tsynonym_graph\t{self._file(name, rules)}\t{lenient}"
        if kind == "shingle" and spec.get("output_unigrams", True):
            return f"filter\tshingle\t{spec['min_shingle_size']}\t{spec['max_shingle_size']}\ttrue"
        raise NotImplementedError(f"filter {name}: {spec}")
