import type { LakestreamProps } from './stack';

/** An example account's values (documentation ranges, no real account): what the tests synthesize. */
export const EXAMPLE: LakestreamProps = {
  env: { account: '111122223333', region: 'eu-west-1' },
  stage: 'production',
  tenants: ['acme', 'globex', 'initech', 'umbrella', 'hooli'],
  network: {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60712', 'subnet-0a1b2c3d4e5f60713'],
    clientSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
  },
  oidc: {
    providerArn:
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0000000000000000000000000',
    issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0000000000000000000000000',
  },
};
