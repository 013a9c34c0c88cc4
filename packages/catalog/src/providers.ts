/**
 * What a LiteLLM provider name and a model name tell us about an offer: who made the model
 * (lab, its jurisdiction, whether the weights are open) and who serves it (host, its
 * jurisdiction). Unknown values get {@link UNKNOWN_JURISDICTION} and a review note, so a
 * guess is never silently passed off as a fact.
 */

/** Placeholder jurisdiction for providers and labs this table does not know; valid in a scenario. */
export const UNKNOWN_JURISDICTION = 'UNKNOWN';

export interface LabInfo {
  lab: string;
  labJurisdiction: string;
  openWeights: boolean;
}

export interface HostInfo {
  host: string;
  hostJurisdiction: string;
  /** the lab whose own API this provider is, when it is one */
  firstPartyLab?: string;
  /** a short slug used in offer ids of third-party hosts, e.g. `fireworks` */
  slug: string;
}

interface LabRule extends LabInfo {
  pattern: RegExp;
  /** model-name pattern of the lab's closed models, when the lab publishes both */
  closedPattern?: RegExp;
}

// Order matters: the first match wins, so specific names (gpt-oss, gemma) precede general ones.
const LAB_RULES: readonly LabRule[] = [
  { pattern: /claude|fable/, lab: 'Anthropic', labJurisdiction: 'US', openWeights: false },
  { pattern: /gpt-oss/, lab: 'OpenAI', labJurisdiction: 'US', openWeights: true },
  {
    pattern: /gpt|^o[134](-|$)|codex|chatgpt|davinci|babbage/,
    lab: 'OpenAI',
    labJurisdiction: 'US',
    openWeights: false,
  },
  { pattern: /gemma/, lab: 'Google', labJurisdiction: 'US', openWeights: true },
  { pattern: /gemini|palm|bison/, lab: 'Google', labJurisdiction: 'US', openWeights: false },
  { pattern: /grok/, lab: 'xAI', labJurisdiction: 'US', openWeights: false },
  { pattern: /llama/, lab: 'Meta', labJurisdiction: 'US', openWeights: true },
  { pattern: /nemotron/, lab: 'NVIDIA', labJurisdiction: 'US', openWeights: true },
  { pattern: /(^|[-/.])phi-/, lab: 'Microsoft', labJurisdiction: 'US', openWeights: true },
  { pattern: /nova-/, lab: 'Amazon', labJurisdiction: 'US', openWeights: false },
  { pattern: /sonar/, lab: 'Perplexity', labJurisdiction: 'US', openWeights: false },
  {
    pattern: /glm/,
    lab: 'Zhipu',
    labJurisdiction: 'CN',
    openWeights: true,
    closedPattern: /glm-4\.5-x|glm-4-plus/,
  },
  {
    pattern: /kimi|moonshot/,
    lab: 'Moonshot',
    labJurisdiction: 'CN',
    openWeights: true,
    closedPattern: /kimi-latest|turbo/,
  },
  { pattern: /deepseek/, lab: 'DeepSeek', labJurisdiction: 'CN', openWeights: true },
  {
    pattern: /qwen|qwq/,
    lab: 'Alibaba',
    labJurisdiction: 'CN',
    openWeights: true,
    closedPattern: /qwen[0-9.]*-(max|plus|turbo|flash)|qwen-(coder|vl)-(plus|max)/,
  },
  { pattern: /minimax/, lab: 'MiniMax', labJurisdiction: 'CN', openWeights: true },
  { pattern: /doubao|seed-/, lab: 'ByteDance', labJurisdiction: 'CN', openWeights: false },
  { pattern: /ernie/, lab: 'Baidu', labJurisdiction: 'CN', openWeights: false },
  { pattern: /hunyuan/, lab: 'Tencent', labJurisdiction: 'CN', openWeights: false },
  {
    pattern: /mistral|mixtral|codestral|magistral|devstral|ministral|pixtral/,
    lab: 'Mistral',
    labJurisdiction: 'EU',
    openWeights: true,
    closedPattern:
      /mistral-medium|magistral-medium|codestral|mistral-large-(24|latest)|devstral-medium/,
  },
  { pattern: /command|cohere|aya/, lab: 'Cohere', labJurisdiction: 'CA', openWeights: false },
  { pattern: /jamba/, lab: 'AI21', labJurisdiction: 'IL', openWeights: true },
];

interface HostRule {
  /** matched against the start of `litellm_provider` */
  provider: string;
  host: string;
  hostJurisdiction: string;
  slug: string;
  firstPartyLab?: string;
}

const HOST_RULES: readonly HostRule[] = [
  {
    provider: 'anthropic',
    host: 'Anthropic API',
    hostJurisdiction: 'US',
    slug: 'anthropic',
    firstPartyLab: 'Anthropic',
  },
  {
    provider: 'openai',
    host: 'OpenAI API',
    hostJurisdiction: 'US',
    slug: 'openai',
    firstPartyLab: 'OpenAI',
  },
  {
    provider: 'text-completion-openai',
    host: 'OpenAI API',
    hostJurisdiction: 'US',
    slug: 'openai',
    firstPartyLab: 'OpenAI',
  },
  {
    provider: 'chatgpt',
    host: 'ChatGPT',
    hostJurisdiction: 'US',
    slug: 'chatgpt',
    firstPartyLab: 'OpenAI',
  },
  {
    provider: 'gemini',
    host: 'Google Gemini API',
    hostJurisdiction: 'US',
    slug: 'gemini',
    firstPartyLab: 'Google',
  },
  { provider: 'vertex_ai', host: 'Google Vertex AI', hostJurisdiction: 'US', slug: 'vertex' },
  {
    provider: 'palm',
    host: 'Google PaLM API',
    hostJurisdiction: 'US',
    slug: 'palm',
    firstPartyLab: 'Google',
  },
  { provider: 'xai', host: 'xAI API', hostJurisdiction: 'US', slug: 'xai', firstPartyLab: 'xAI' },
  { provider: 'perplexity', host: 'Perplexity API', hostJurisdiction: 'US', slug: 'perplexity' },
  {
    provider: 'deepseek',
    host: 'DeepSeek API',
    hostJurisdiction: 'CN',
    slug: 'deepseek',
    firstPartyLab: 'DeepSeek',
  },
  {
    provider: 'moonshot',
    host: 'Moonshot API',
    hostJurisdiction: 'CN',
    slug: 'moonshot',
    firstPartyLab: 'Moonshot',
  },
  {
    provider: 'zai',
    host: 'Z.ai API',
    hostJurisdiction: 'CN',
    slug: 'zai',
    firstPartyLab: 'Zhipu',
  },
  {
    provider: 'dashscope',
    host: 'Alibaba DashScope',
    hostJurisdiction: 'CN',
    slug: 'dashscope',
    firstPartyLab: 'Alibaba',
  },
  {
    provider: 'minimax',
    host: 'MiniMax API',
    hostJurisdiction: 'CN',
    slug: 'minimax',
    firstPartyLab: 'MiniMax',
  },
  {
    provider: 'volcengine',
    host: 'Volcengine (ByteDance)',
    hostJurisdiction: 'CN',
    slug: 'volcengine',
  },
  {
    provider: 'mistral',
    host: 'Mistral API',
    hostJurisdiction: 'EU',
    slug: 'mistral',
    firstPartyLab: 'Mistral',
  },
  {
    provider: 'codestral',
    host: 'Mistral API',
    hostJurisdiction: 'EU',
    slug: 'mistral',
    firstPartyLab: 'Mistral',
  },
  { provider: 'scaleway', host: 'Scaleway', hostJurisdiction: 'EU', slug: 'scaleway' },
  { provider: 'ovhcloud', host: 'OVHcloud', hostJurisdiction: 'EU', slug: 'ovhcloud' },
  { provider: 'nebius', host: 'Nebius', hostJurisdiction: 'EU', slug: 'nebius' },
  { provider: 'nscale', host: 'Nscale', hostJurisdiction: 'UK', slug: 'nscale' },
  {
    provider: 'cohere',
    host: 'Cohere API',
    hostJurisdiction: 'CA',
    slug: 'cohere',
    firstPartyLab: 'Cohere',
  },
  {
    provider: 'ai21',
    host: 'AI21 API',
    hostJurisdiction: 'IL',
    slug: 'ai21',
    firstPartyLab: 'AI21',
  },
  { provider: 'fireworks_ai', host: 'Fireworks AI', hostJurisdiction: 'US', slug: 'fireworks' },
  { provider: 'together_ai', host: 'Together AI', hostJurisdiction: 'US', slug: 'together' },
  { provider: 'groq', host: 'Groq', hostJurisdiction: 'US', slug: 'groq' },
  { provider: 'deepinfra', host: 'DeepInfra', hostJurisdiction: 'US', slug: 'deepinfra' },
  { provider: 'cerebras', host: 'Cerebras', hostJurisdiction: 'US', slug: 'cerebras' },
  { provider: 'sambanova', host: 'SambaNova', hostJurisdiction: 'US', slug: 'sambanova' },
  { provider: 'baseten', host: 'Baseten', hostJurisdiction: 'US', slug: 'baseten' },
  { provider: 'hyperbolic', host: 'Hyperbolic', hostJurisdiction: 'US', slug: 'hyperbolic' },
  { provider: 'lambda_ai', host: 'Lambda', hostJurisdiction: 'US', slug: 'lambda' },
  { provider: 'novita', host: 'Novita AI', hostJurisdiction: 'US', slug: 'novita' },
  { provider: 'openrouter', host: 'OpenRouter', hostJurisdiction: 'US', slug: 'openrouter' },
  {
    provider: 'vercel_ai_gateway',
    host: 'Vercel AI Gateway',
    hostJurisdiction: 'US',
    slug: 'vercel',
  },
  { provider: 'bedrock', host: 'AWS Bedrock', hostJurisdiction: 'US', slug: 'bedrock' },
  { provider: 'sagemaker', host: 'AWS SageMaker', hostJurisdiction: 'US', slug: 'sagemaker' },
  { provider: 'azure', host: 'Microsoft Azure', hostJurisdiction: 'US', slug: 'azure' },
  { provider: 'github_copilot', host: 'GitHub Copilot', hostJurisdiction: 'US', slug: 'copilot' },
  { provider: 'databricks', host: 'Databricks', hostJurisdiction: 'US', slug: 'databricks' },
  { provider: 'snowflake', host: 'Snowflake', hostJurisdiction: 'US', slug: 'snowflake' },
  { provider: 'oci', host: 'Oracle Cloud', hostJurisdiction: 'US', slug: 'oci' },
  { provider: 'watsonx', host: 'IBM watsonx', hostJurisdiction: 'US', slug: 'watsonx' },
  { provider: 'replicate', host: 'Replicate', hostJurisdiction: 'US', slug: 'replicate' },
  {
    provider: 'cloudflare',
    host: 'Cloudflare Workers AI',
    hostJurisdiction: 'US',
    slug: 'cloudflare',
  },
  { provider: 'nvidia_nim', host: 'NVIDIA NIM', hostJurisdiction: 'US', slug: 'nim' },
  {
    provider: 'gradient_ai',
    host: 'DigitalOcean Gradient',
    hostJurisdiction: 'US',
    slug: 'gradient',
  },
  { provider: 'crusoe', host: 'Crusoe', hostJurisdiction: 'US', slug: 'crusoe' },
  { provider: 'wandb', host: 'Weights & Biases', hostJurisdiction: 'US', slug: 'wandb' },
  { provider: 'heroku', host: 'Heroku', hostJurisdiction: 'US', slug: 'heroku' },
  { provider: 'friendliai', host: 'FriendliAI', hostJurisdiction: 'KR', slug: 'friendli' },
];

/**
 * Where a LiteLLM provider serves from. Region-pinned keys (`azure/eu/...`, `bedrock/eu.anthropic...`)
 * override the provider's default jurisdiction.
 * @example
 * hostFor('fireworks_ai', 'fireworks_ai/glm-5p2'); // { host: 'Fireworks AI', hostJurisdiction: 'US', ... }
 */
export function hostFor(provider: string, key: string): { info: HostInfo; known: boolean } {
  const rule = HOST_RULES.find(
    (r) =>
      provider === r.provider ||
      provider.startsWith(`${r.provider}_`) ||
      provider.startsWith(`${r.provider}-`),
  );
  const regional = /(^|\/)eu[./]/.test(key) ? 'EU' : undefined;
  if (!rule) {
    return {
      info: {
        host: provider === '' ? 'Unknown host' : provider,
        hostJurisdiction: regional ?? UNKNOWN_JURISDICTION,
        slug: slugify(provider) || 'host',
      },
      known: regional !== undefined,
    };
  }
  const info: HostInfo =
    regional !== undefined && regional !== rule.hostJurisdiction
      ? {
          host: `${rule.host} (${regional})`,
          hostJurisdiction: regional,
          slug: `${rule.slug}-${regional.toLowerCase()}`,
        }
      : { host: rule.host, hostJurisdiction: rule.hostJurisdiction, slug: rule.slug };
  if (rule.firstPartyLab !== undefined) info.firstPartyLab = rule.firstPartyLab;
  return { info, known: true };
}

/**
 * Who made a model, from its name (and the provider, for a lab's own API).
 * @example
 * labFor('kimi-k2.6', undefined); // { info: { lab: 'Moonshot', labJurisdiction: 'CN', openWeights: true }, known: true }
 */
export function labFor(
  modelSlug: string,
  firstPartyLab: string | undefined,
): { info: LabInfo; known: boolean } {
  const rule = LAB_RULES.find((r) => r.pattern.test(modelSlug));
  if (rule) {
    const closed = rule.closedPattern?.test(modelSlug) ?? false;
    return {
      info: {
        lab: rule.lab,
        labJurisdiction: rule.labJurisdiction,
        openWeights: rule.openWeights && !closed,
      },
      known: true,
    };
  }
  if (firstPartyLab !== undefined) {
    const byLab = LAB_RULES.find((r) => r.lab === firstPartyLab);
    if (byLab)
      return {
        info: { lab: byLab.lab, labJurisdiction: byLab.labJurisdiction, openWeights: false },
        known: true,
      };
  }
  return {
    info: { lab: 'Unknown lab', labJurisdiction: UNKNOWN_JURISDICTION, openWeights: false },
    known: false,
  };
}

/** Lower-case slug of letters, digits, `.`, `_` and `-` (the schema's id alphabet). */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-._]+$/, '');
}

/**
 * Whether `host` is `lab`'s own API (e.g. "Anthropic API" for Anthropic), as opposed to a cloud
 * or inference host reselling the model.
 * @example isFirstPartyHost('Zhipu', 'Z.ai API'); // true
 */
export function isFirstPartyHost(lab: string, host: string): boolean {
  return HOST_RULES.some((r) => r.firstPartyLab === lab && r.host === host);
}
