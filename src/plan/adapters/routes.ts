/** Plan adapters for route tables, their inline routes, `aws_route` and the association resources. */
import type { Route, RouteTable, RouteTargetKind } from '../../model/types.js';
import { own, type JsonObject } from '../configuration.js';
import type { RawResource } from '../planLoader.js';
import {
  blocks,
  configSets,
  metaOf,
  refAt,
  referencedAddresses,
  str,
  tags,
  unknownAt,
  type Adapter,
  type AdapterContext,
  type Path,
} from './context.js';
import type { Fills } from './context.js';
import { findParent, type Folder } from './fold.js';

/** Route attribute -> what the route points at; the same names on inline blocks and `aws_route`. */
const TARGETS: Array<[string, RouteTargetKind]> = [
  ['gateway_id', 'internet-gateway'],
  ['egress_only_gateway_id', 'egress-only-internet-gateway'],
  ['nat_gateway_id', 'nat-gateway'],
  ['transit_gateway_id', 'transit-gateway'],
  ['vpc_peering_connection_id', 'vpc-peering'],
  ['instance_id', 'instance'],
  ['network_interface_id', 'network-interface'],
  ['vpc_endpoint_id', 'vpc-endpoint'],
  ['carrier_gateway_id', 'carrier-gateway'],
  ['core_network_arn', 'core-network'],
  ['local_gateway_id', 'unknown'],
];

/** `gateway_id` holds IGWs and virtual private gateways alike: the id prefix or the referenced type tells. */
function gatewayKind(ctx: AdapterContext, raw: RawResource, id: string | undefined, path: Path): RouteTargetKind {
  if (id === 'local') return 'local';
  if (id?.startsWith('vgw-')) return 'virtual-private-gateway';
  if (id?.startsWith('igw-')) return 'internet-gateway';
  const referenced = referencedAddresses(ctx, raw, path).map((a) => ctx.plan.byAddress.get(a)?.type);
  if (referenced.includes('aws_vpn_gateway')) return 'virtual-private-gateway';
  if (referenced.includes('aws_internet_gateway')) return 'internet-gateway';
  return id ? 'unknown' : 'internet-gateway';
}

function routeFrom(
  ctx: AdapterContext,
  raw: RawResource,
  get: (attr: string) => unknown,
  base: Path,
  origin: string,
  dest: [string, string],
): Route | undefined {
  const text = (attr: string): string | undefined => {
    const v = get(attr);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const destination = text(dest[0]) ?? text(dest[1]) ?? text('destination_prefix_list_id');
  const destinationUnknown = !destination && (unknownAt(raw, [...base, dest[0]]) || unknownAt(raw, [...base, dest[1]]));
  // Some target attributes are Optional+Computed, so several can look unknown at once: the one the
  // configuration sets wins, then a known value, and only then an unknown one.
  const pick = (test: (attr: string, path: Path) => boolean): Route | undefined => {
    for (const [attr, kind] of TARGETS) {
      const path = [...base, attr];
      if (!test(attr, path)) continue;
      const id = get(attr);
      const target =
        attr === 'gateway_id' ? gatewayKind(ctx, raw, typeof id === 'string' ? id : undefined, path) : kind;
      return {
        destination,
        destinationUnknown: destinationUnknown || undefined,
        target,
        targetRef: refAt(ctx, raw, path),
        origin,
      };
    }
    return undefined;
  };
  const known = (attr: string): boolean => {
    const id = get(attr);
    return typeof id === 'string' && id !== '';
  };
  // Terraform 0.12 writes no configuration expressions for attribute-as-block routes, so there the
  // configuration cannot say which unknown target the author set: an unknown target then counts.
  const configDescribes = raw.config !== undefined && (base.length === 0 || configSets(raw, [base[0]]));
  return (
    pick((_a, path) => configSets(raw, path)) ??
    pick((attr) => known(attr)) ??
    (configDescribes ? undefined : pick((_a, path) => unknownAt(raw, path))) ??
    // A route always has a target: one the input does not name is unknown, never no route.
    (destination || destinationUnknown
      ? { destination, destinationUnknown: destinationUnknown || undefined, target: 'unknown', origin }
      : undefined)
  );
}

const routeTable: Adapter = (raw, ctx) => {
  const routes: Route[] = [];
  blocks(raw, ['route']).forEach((b: JsonObject, i) => {
    const r = routeFrom(ctx, raw, (a) => own(b, a), ['route', i], `${raw.address}.route[${i}]`, [
      'cidr_block',
      'ipv6_cidr_block',
    ]);
    if (r) routes.push(r);
  });
  const meta = metaOf(raw, { routes: ['route'], vpc: ['vpc_id'] });
  // Each route carries its own unknowns; the list as a whole is unknown only when the plan shows no
  // member of it (the whole set computed, as Terraform 0.12 writes a set with an unknown element).
  if (routes.length > 0 && meta.unknown) meta.unknown = meta.unknown.filter((f) => f !== 'routes');
  const table: RouteTable = {
    kind: 'RouteTable',
    meta,
    id: str(raw, ['id']),
    arn: str(raw, ['arn']),
    tags: tags(raw),
    vpc: refAt(ctx, raw, ['vpc_id']),
    routes,
    subnets: [],
    main: raw.type === 'aws_default_route_table' ? true : undefined,
  };
  ctx.emit(table);
};

export const routeAdapters: Record<string, Adapter> = {
  aws_route_table: routeTable,
  aws_default_route_table: routeTable,
};

const route: Folder = (raw, ctx) => {
  const r = routeFrom(ctx, raw, (a) => own(raw.values, a), [], raw.address, [
    'destination_cidr_block',
    'destination_ipv6_cidr_block',
  ]);
  if (!r) return;
  const table = findParent(ctx, raw, ['route_table_id'], 'RouteTable');
  if (table) {
    table.routes.push(r);
    return;
  }
  // A route into a table this input does not manage still opens a door: judge it on its own.
  ctx.emit({ kind: 'RouteTable', meta: metaOf(raw, {}), routes: [r], subnets: [] });
};

export const routeFolders: Record<string, Folder> = {
  aws_route: route,
  aws_route_table_association: (raw, ctx) => {
    const table = findParent(ctx, raw, ['route_table_id'], 'RouteTable');
    const subnet = refAt(ctx, raw, ['subnet_id']);
    if (table && subnet) table.subnets.push(subnet);
  },
  aws_main_route_table_association: (raw, ctx) => {
    const table = findParent(ctx, raw, ['route_table_id'], 'RouteTable');
    if (table) {
      table.main = true;
      table.vpc ??= refAt(ctx, raw, ['vpc_id']);
    }
  },
};

/** Terraform types this module reads and the model kinds it fills from them. */
export const routeFills: Fills = {
  aws_route_table: ['RouteTable'],
  aws_default_route_table: ['RouteTable'],
  aws_route: ['RouteTable'],
  aws_route_table_association: ['RouteTable'],
  aws_main_route_table_association: ['RouteTable'],
  // Looked up to type a route's target when its id is unknown until apply.
  aws_vpn_gateway: ['RouteTable'],
};
