// An Automation API inline program: the program is a function in this process, which shares
// one engine connection with the SDK the user installed. Prints the result as one JSON line.
//   node inline.js <backend URL> <instance ID> <security group ID>
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const pulumi = require("@pulumi/pulumi");
const { SecurityGroupMembership } = require("pulumi-alicloud-sg-membership");

async function main([backend, instanceId, securityGroupId]) {
  const projectName = "sg-membership-compat-inline";
  const program = async () => {
    const membership = new SecurityGroupMembership("inline", { instanceId, securityGroupId });
    return {
      id: membership.id,
      isCustomResource: membership instanceof pulumi.CustomResource,
    };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName, stackName: "inline", program },
    {
      workDir: __dirname,
      projectSettings: { name: projectName, runtime: "nodejs", backend: { url: backend } },
    },
  );
  const up = await stack.up();
  const destroy = await stack.destroy();
  await stack.workspace.removeStack("inline");
  return {
    up: up.summary.resourceChanges,
    outputs: Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])),
    destroy: destroy.summary.resourceChanges,
  };
}

main(process.argv.slice(2)).then(
  (result) => console.log(JSON.stringify(result)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
