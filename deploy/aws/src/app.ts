import { App } from 'aws-cdk-lib';
import { type LakestreamProps, LakestreamStack } from './stack';

/**
 * The CDK app: `npx cdk synth --app 'node deploy/aws/dist/app.js'` (or `npm run synth -w
 * @lakestream/aws`, which writes cdk.out). The account's values come from CDK context
 * (`-c lakestream:vpcId=…`, or cdk.context.json), so synth needs no AWS call.
 */
export function buildApp(app: App, context: (key: string) => string | undefined): LakestreamStack {
  const need = (key: string) => {
    const value = context(`lakestream:${key}`);
    if (!value) throw new Error(`set the CDK context value lakestream:${key}`);
    return value;
  };
  const list = (key: string) =>
    need(key)
      .split(',')
      .map((v) => v.trim());
  const props: LakestreamProps = {
    env: { account: need('account'), region: need('region') },
    stage: context('lakestream:stage') ?? 'production',
    tenants: list('tenants'),
    network: {
      vpcId: need('vpcId'),
      availabilityZones: list('availabilityZones'),
      privateSubnetIds: list('privateSubnetIds'),
      clientSecurityGroupId: need('clientSecurityGroupId'),
    },
    oidc: { providerArn: need('oidcProviderArn'), issuer: need('oidcIssuer') },
  };
  return new LakestreamStack(app, `lakestream-${props.stage}`, props);
}

if (require.main === module) {
  const app = new App();
  buildApp(app, (key) => app.node.tryGetContext(key) as string | undefined);
  app.synth();
}
