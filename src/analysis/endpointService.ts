/**
 * VPC endpoint service names: `com.amazonaws.<region>.<service>` (also `-fips`, and the
 * `aws.api.<region>.<service>` / `cn.com.amazonaws...` forms). The short name is what
 * `requiredEndpoints` lists; a FIPS endpoint satisfies the plain service.
 */
export interface EndpointService {
  region?: string;
  service: string;
  fips: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function parseEndpointService(serviceName: string): EndpointService | undefined {
  const parts = serviceName.split('.');
  const regionIndex = parts.findIndex((p) => REGION.test(p));
  if (regionIndex < 0 || regionIndex === parts.length - 1) return undefined;
  let service = parts.slice(regionIndex + 1).join('.');
  const fips = service.endsWith('-fips');
  if (fips) service = service.slice(0, -'-fips'.length);
  return { region: parts[regionIndex], service, fips };
}
