// The Heat template (deploy/openstack/fsc.yaml) rendered as Heat renders it for one stack, with
// no cloud: the caller's parameters over the template's defaults, each server's user_data made
// by its own str_replace over its get_file, and what cloud-init then writes and runs on that VM
// (/etc/svom/fsc.env, and the role's `docker-compose ... up -d`). Any function or name the
// template uses that does not resolve throws, so rendering is itself a check of the template.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './compose-stack.js';
import { type Json, readYaml } from './yaml.js';

export const heatTemplatePath = join(root, 'deploy/openstack/fsc.yaml');

/** One OS::Nova::Server of the stack, as its VM would boot. */
export interface HeatServer {
  /** the resource name in the template (nats1, postgres, services) */
  resource: string;
  /** its private address: the fixed IP of its port, or the one the caller gave that port */
  address: string;
  /** the rendered cloud-config */
  userData: string;
  /** /etc/svom/fsc.env as cloud-init writes it, as variables */
  env: Record<string, string>;
  /** the compose file its runcmd starts (relative to the repository) */
  composeFile: string;
  /** every file cloud-init writes (write_files), fsc.env included */
  files: CloudInitFile[];
  /** its runcmd, each command as arguments */
  runcmd: string[][];
}

/** One write_files entry of a cloud-config. */
export interface CloudInitFile {
  path: string;
  content: string;
  encoding?: string;
  permissions?: string;
}

export interface HeatInputs {
  /** what an environment file gives (`-e my-env.yaml`); the template's defaults fill the rest */
  parameters: Record<string, string>;
  /** values of `get_attr` a cloud would make, as `resource.attribute` (a floating IP) */
  attributes: Record<string, string>;
  /** the address Neutron would allocate to a port that asks for none, by port resource */
  allocated: Record<string, string>;
}

type Template = {
  parameters: Record<string, { default?: Json }>;
  resources: Record<string, { type: string; properties: Record<string, Json> }>;
};

export function renderHeatStack(inputs: HeatInputs): HeatServer[] {
  const template = readYaml(readFileSync(heatTemplatePath, 'utf8')) as unknown as Template;
  const resolve = (value: Json): Json => resolveIntrinsics(value, template, inputs);
  return Object.entries(template.resources)
    .filter(([, r]) => r.type === 'OS::Nova::Server')
    .map(([resource, server]) => {
      const userData = String(resolve(server.properties.user_data!));
      const config = readYaml(userData) as unknown as { write_files?: CloudInitFile[]; runcmd: Json[] };
      const envFile = config.write_files?.find((f) => f.path === '/etc/svom/fsc.env');
      if (!envFile) throw new Error(`${resource}: cloud-init writes no /etc/svom/fsc.env`);
      const up = config.runcmd.map((c) => [c].flat().join(' ')).find((c) => /docker-compose .* up -d/.test(c));
      const composeFile = up && /\s-f\s+(\S+)/.exec(up)?.[1];
      if (!composeFile) throw new Error(`${resource}: no 'docker-compose -f <file> up -d' in runcmd`);
      return {
        resource,
        address: serverAddress(resource, template, inputs),
        userData,
        env: parseEnv(envFile.content),
        composeFile,
        files: config.write_files ?? [],
        runcmd: config.runcmd.map((c) => (Array.isArray(c) ? c.map(String) : ['sh', '-c', String(c)])),
      };
    });
}

function serverAddress(resource: string, template: Template, inputs: HeatInputs): string {
  const networks = template.resources[resource]!.properties.networks as Array<{ port: { get_resource: string } }>;
  const port = networks[0]!.port.get_resource;
  const fixed = (template.resources[port]!.properties.fixed_ips as Array<{ ip_address?: Json }>)[0]?.ip_address;
  const address = fixed === undefined ? inputs.allocated[port] : resolveIntrinsics(fixed, template, inputs);
  if (typeof address !== 'string') throw new Error(`${resource}: no address for its port ${port}`);
  return address;
}

/** Heat's intrinsic functions the template uses; anything else is an error. */
function resolveIntrinsics(value: Json, template: Template, inputs: HeatInputs): Json {
  const again = (v: Json) => resolveIntrinsics(v, template, inputs);
  if (Array.isArray(value)) return value.map(again);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !/^(get_|str_|list_)/.test(keys[0]!)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, again(v)]));
  }
  const [fn, arg] = Object.entries(value)[0]!;
  switch (fn) {
    case 'get_param': {
      const name = String([arg].flat()[0]);
      const declared = template.parameters[name];
      if (!declared) throw new Error(`get_param: no parameter ${name}`);
      const given = inputs.parameters[name] ?? declared.default;
      if (given === undefined) throw new Error(`get_param: parameter ${name} has no default and was not given`);
      return given;
    }
    case 'get_resource': {
      if (!template.resources[String(arg)]) throw new Error(`get_resource: no resource ${String(arg)}`);
      return String(arg);
    }
    case 'get_attr': {
      const [resource, attribute] = arg as string[];
      if (!template.resources[resource!]) throw new Error(`get_attr: no resource ${resource}`);
      const given = inputs.attributes[`${resource}.${attribute}`];
      if (given === undefined) throw new Error(`get_attr: give ${resource}.${attribute}`);
      return given;
    }
    case 'get_file':
      return readFileSync(join(dirname(heatTemplatePath), String(arg)), 'utf8');
    case 'list_join': {
      const [separator, lists] = arg as [string, Json[]];
      return lists.flatMap((list) => [again(list)].flat()).join(separator);
    }
    case 'str_replace': {
      const { template: text, params } = arg as { template: Json; params: Record<string, Json> };
      let out = String(again(text));
      for (const [key, replacement] of Object.entries(params)) out = out.split(key).join(String(again(replacement)));
      // A placeholder left outside comments would reach the VM as is.
      const left = /__[A-Z0-9_]+__/.exec(out.replace(/^\s*#.*$/gm, ''));
      if (left) throw new Error(`str_replace: ${left[0]} is in the template but not in params`);
      return out;
    }
    default:
      throw new Error(`Heat function ${fn} is not known to this renderer`);
  }
}

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
