// Writes a tiny BERT-like ONNX model folder that transformers.js can load offline, for tests and benchmarks.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { mulberry32 } from '../../bench/lib/vectors.js';

const { onnx } = onnxProto;
type ITensorProto = onnxProto.onnx.ITensorProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;
type INodeProto = onnxProto.onnx.INodeProto;

/** Knobs of {@link writeTinyBertModel}; every field has a default that loads in a second or less. */
export interface TinyBertModelOptions {
  /** Width of `last_hidden_state`, i.e. the embedding dimension. Default 32. */
  hiddenSize?: number;
  /**
   * Tokens after the five special ones. Default: every CJK Unified Ideograph (U+4E00–U+9FFF), ASCII letters and
   * digits (also as `##` continuations) and common punctuation, so any Chinese text tokenises without `[UNK]`.
   */
  vocab?: string[];
  /** Seed of the random embedding table; the same seed writes byte-identical files. Default 42. */
  seed?: number;
  /** `model_max_length` of the tokenizer (longer inputs are truncated). Default 512. */
  maxLength?: number;
  /** Also write `onnx/model_quantized.onnx` (the same fp32 graph) so `dtype: 'q8'` loads too. Default true. */
  quantizedCopy?: boolean;
}

/** The special tokens, in id order (BERT's usual set). */
export const TINY_BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

function defaultVocab(): string[] {
  const out: string[] = [];
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) out.push(String.fromCodePoint(cp));
  const ascii = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
  out.push(...ascii, ...ascii.map((c) => '##' + c));
  out.push(...'，。！？、；：“”‘’（）《》【】—…·,.!?;:()[]-_/%+\'"');
  return out;
}


function floatTensor(name: string, dims: number[], values: Float32Array): ITensorProto {
  return {
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function int64Tensor(name: string, values: number[]): ITensorProto {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

function valueInfo(name: string, elemType: number, dims: Array<string | number>): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function node(opType: string, input: string[], output: string[], attribute: INodeProto['attribute'] = []): INodeProto {
  return { opType, input, output, name: output[0], attribute };
}

/**
 * Encodes the graph: `last_hidden_state = tanh(wordEmb[input_ids] + typeEmb[token_type_ids] + maskedMean)`, where
 * `maskedMean` is the attention-masked mean of the token embeddings. The mean mixes the whole text into every
 * position, so CLS pooling (position 0 is always `[CLS]`) still yields different vectors for different texts.
 */
function encodeModel(vocabSize: number, hiddenSize: number, random: () => number): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const wordEmb = new Float32Array(vocabSize * hiddenSize);
  for (let i = 0; i < wordEmb.length; i++) wordEmb[i] = random() * 2 - 1;
  const typeEmb = new Float32Array(2 * hiddenSize);
  for (let i = 0; i < typeEmb.length; i++) typeEmb[i] = (random() * 2 - 1) * 0.1;

  const graph: onnxProto.onnx.IGraphProto = {
    name: 'tiny_bert',
    input: [
      valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length']),
      valueInfo('token_type_ids', INT64, ['batch_size', 'sequence_length']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hiddenSize])],
    initializer: [
      floatTensor('word_embeddings', [vocabSize, hiddenSize], wordEmb),
      floatTensor('token_type_embeddings', [2, hiddenSize], typeEmb),
      floatTensor('one', [], new Float32Array([1])),
      int64Tensor('axis_1', [1]),
      int64Tensor('axis_2', [2]),
    ],
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['tokens']),
      node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types']),
      node('Add', ['tokens', 'types'], ['embedded']),
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
      node('Unsqueeze', ['mask_float', 'axis_2'], ['mask_3d']),
      node('Mul', ['embedded', 'mask_3d'], ['masked']),
      node('ReduceSum', ['masked', 'axis_1'], ['summed'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
      node('ReduceSum', ['mask_3d', 'axis_1'], ['count'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]),
      node('Max', ['count', 'one'], ['safe_count']),
      node('Div', ['summed', 'safe_count'], ['context']),
      node('Add', ['embedded', 'context'], ['mixed']),
      node('Tanh', ['mixed'], ['last_hidden_state']),
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'tiny-onnx-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(tokens: string[]): object {
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: TINY_BERT_SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

/**
 * Writes a tiny BERT-like model folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `onnx/model.onnx`) that transformers.js's `feature-extraction` pipeline loads from the local filesystem with
 * remote models disabled. The weights are random, so vectors are meaningless but deterministic: use it to exercise
 * the real loading and inference path, not retrieval quality.
 *
 * @example
 * const dir = await mkdtemp(path.join(os.tmpdir(), 'tiny-bert-'));
 * await writeTinyBertModel(dir);
 * const embeddings = new TransformersEmbeddings({ model: dir, modelsDir: dir, allowRemote: false });
 */
export async function writeTinyBertModel(dir: string, options: TinyBertModelOptions = {}): Promise<void> {
  const hiddenSize = options.hiddenSize ?? 32;
  const maxLength = options.maxLength ?? 512;
  const tokens = [...TINY_BERT_SPECIAL_TOKENS, ...(options.vocab ?? defaultVocab())];
  const model = encodeModel(tokens.length, hiddenSize, mulberry32(options.seed ?? 42));

  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: hiddenSize * 2,
    hidden_act: 'gelu',
    vocab_size: tokens.length,
    max_position_embeddings: maxLength,
    type_vocab_size: 2,
    pad_token_id: 0,
    layer_norm_eps: 1e-12,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await Promise.all([
    writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2)),
    writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(tokens))),
    writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(path.join(dir, 'onnx', 'model.onnx'), model),
    options.quantizedCopy === false ? Promise.resolve() : writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), model),
  ]);
}
