import fs from 'node:fs';
import { writeSyntheticCorpus } from './bench/lib/synth';
import { createKnowledgeBot } from './src/bot';
import { OfflineHashEmbeddings } from './src/embeddings/offline-hash';
import { silentLogger } from './src/logger';
import { readManifest, loadSnapshot } from './src/kb/persist';
import { Glossary } from './src/retrieval/glossary';
import { HnswStore } from './src/vector/hnsw-store';
import { Bm25Index } from './src/retrieval/bm25';
import { chunkTerms } from './src/kb/snapshot';
const kdir = '/tmp/p10k/knowledge', ddir = '/tmp/p10k/data';
if (!fs.existsSync(kdir)) { fs.mkdirSync(kdir, {recursive:true}); writeSyntheticCorpus(kdir, { chunks: 10000, questionCount: 10, glossaryFile: 'knowledge/_glossary.yml' }); }
const mk = () => createKnowledgeBot({ knowledgeDir: kdir, dataDir: ddir, embeddings: new OfflineHashEmbeddings(), embeddingsId: 'local:hash-v1', chunkSize: 700, chunkOverlap: 120, maxQuestionChars: 1000, logger: silentLogger });
if (!fs.existsSync(ddir)) { const t=performance.now(); await mk().ready; console.log('build', performance.now()-t); }
const emb = new OfflineHashEmbeddings();
let t = performance.now();
const store = await HnswStore.load(ddir + '/index/vectors', emb);
console.log('store load', performance.now()-t); t = performance.now();
const m = await readManifest(ddir);
const snap = await loadSnapshot(ddir, m!, emb, Glossary.load(kdir));
console.log('loadSnapshot total', performance.now()-t); t = performance.now();
const terms = snap.chunks.map(chunkTerms);
console.log('analyze all', performance.now()-t); t = performance.now();
Bm25Index.build(terms);
console.log('bm25 build', performance.now()-t); t = performance.now();
const b = mk(); await b.ready; console.log('ready', performance.now()-t);
