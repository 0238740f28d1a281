// The estate shapes the segment-based synthetic plan does not have, each of which once cost quadratic time: a state
// file with many KMS keys whose (known) policies name roles by ARN, beside grants to those roles; and an estate of
// thousands of VPCs, each with its own CIDRs, whose security groups send egress to ranges the rule must place.
// `terraform show -json` of a state (format_version 1.0, `values.root_module`), written in pieces.
import { closeSync, openSync, writeSync } from 'node:fs';
import { ACCOUNT_ID, createRandom } from './planResources.mjs';

const PROVIDER_NAME = 'registry.terraform.io/hashicorp/aws';

function writeState(path, resourcesOf) {
  const fd = openSync(path, 'w');
  let bytes = writeSync(
    fd,
    '{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[',
  );
  let count = 0;
  let batch = [];
  const flush = () => {
    if (batch.length) bytes += writeSync(fd, `${count > batch.length ? ',' : ''}${batch.join(',')}`);
    batch = [];
  };
  for (const resource of resourcesOf()) {
    batch.push(JSON.stringify({ mode: 'managed', provider_name: PROVIDER_NAME, schema_version: 0, ...resource }));
    count++;
    if (batch.length >= 500) flush();
  }
  flush();
  bytes += writeSync(fd, ']}}}');
  closeSync(fd);
  return { path, bytes, resources: count };
}

const roleArn = (i) => `arn:aws:iam::${ACCOUNT_ID}:role/${i % 3 === 0 ? 'service-role/' : ''}workload-${i}`;

/**
 * `keys` KMS keys, as many roles and two grants per key; each key policy names two roles by ARN (the key's own and a
 * random one), and a few instances use the roles through instance profiles so ENC-002's key links are computed.
 */
export function generateKeyState({ keys, path, seed = 1 }) {
  const random = createRandom(seed);
  return writeState(path, function* () {
    for (let i = 0; i < keys; i++) {
      yield {
        address: `aws_iam_role.workload_${i}`,
        type: 'aws_iam_role',
        name: `workload_${i}`,
        values: {
          arn: roleArn(i),
          name: `workload-${i}`,
          path: i % 3 === 0 ? '/service-role/' : '/',
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          }),
          inline_policy: [],
          tags: { Index: String(i) },
        },
      };
      const keyId = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
      const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${keyId}`;
      const other = random.int(0, keys - 1);
      yield {
        address: `aws_kms_key.workload_${i}`,
        type: 'aws_kms_key',
        name: `workload_${i}`,
        values: {
          arn: keyArn,
          key_id: keyId,
          enable_key_rotation: true,
          key_usage: 'ENCRYPT_DECRYPT',
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
          multi_region: false,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'Admin',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'Use',
                Effect: 'Allow',
                Principal: { AWS: [roleArn(i), roleArn(other)] },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
              },
            ],
          }),
        },
      };
      for (const grantee of [i, other])
        yield {
          address: `aws_kms_grant.workload_${i}_${grantee}`,
          type: 'aws_kms_grant',
          name: `workload_${i}_${grantee}`,
          values: {
            key_id: keyArn,
            grantee_principal: roleArn(grantee),
            operations: ['Decrypt', 'GenerateDataKey'],
            grant_id: random.hex(64),
          },
        };
    }
    for (let i = 0; i < Math.min(keys, 50); i++) {
      yield {
        address: `aws_iam_instance_profile.workload_${i}`,
        type: 'aws_iam_instance_profile',
        name: `workload_${i}`,
        values: {
          name: `workload-${i}`,
          role: `workload-${i}`,
          arn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/w${i}`,
        },
      };
      yield {
        address: `aws_instance.workload_${i}`,
        type: 'aws_instance',
        name: `workload_${i}`,
        values: {
          ami: 'ami-0123456789abcdef0',
          instance_type: 'm6i.large',
          iam_instance_profile: `workload-${i}`,
          enclave_options: [{ enabled: true }],
          metadata_options: [{ http_tokens: 'required', http_endpoint: 'enabled' }],
        },
      };
    }
  });
}

/**
 * `vpcs` VPCs with distinct IPv4 and IPv6 CIDRs and one security group each. Most egress goes to private ranges no
 * VPC holds (the slow path of a one-by-one search, which compares against every VPC CIDR), the rest to a subnet of
 * another VPC, in IPv4 and IPv6.
 */
export function generateCidrState({ vpcs, path, seed = 1 }) {
  const random = createRandom(seed);
  const v4 = (i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`;
  const v6 = (i) => `2600:1f18:${(i >> 8).toString(16)}:${(i & 255).toString(16)}00::/56`;
  return writeState(path, function* () {
    for (let i = 0; i < vpcs; i++) {
      yield {
        address: `aws_vpc.segment_${i}`,
        type: 'aws_vpc',
        name: `segment_${i}`,
        values: {
          id: `vpc-${random.hex(17)}`,
          arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:vpc/segment-${i}`,
          cidr_block: v4(i),
          ipv6_cidr_block: v6(i),
          enable_dns_support: true,
          enable_dns_hostnames: true,
          tags: { Name: `segment-${i}` },
        },
      };
    }
    for (let i = 0; i < vpcs; i++) {
      const peer = random.int(0, vpcs - 1);
      const egress = (cidrs, ipv6) => ({
        cidr_blocks: cidrs,
        ipv6_cidr_blocks: ipv6,
        description: '',
        from_port: 443,
        to_port: 443,
        protocol: 'tcp',
        prefix_list_ids: [],
        security_groups: [],
        self: false,
      });
      yield {
        address: `aws_security_group.segment_${i}`,
        type: 'aws_security_group',
        name: `segment_${i}`,
        values: {
          id: `sg-${random.hex(17)}`,
          name: `segment-${i}`,
          vpc_id: `vpc-segment-${i}`,
          ingress: [],
          egress: [
            egress([`172.${16 + (i % 16)}.${random.int(0, 255)}.0/24`, `192.168.${random.int(0, 255)}.0/24`], []),
            egress([v4(peer).replace('.0/24', '.64/26')], [v6(peer).replace('00::/56', '01::/64')]),
          ],
        },
      };
    }
  });
}
