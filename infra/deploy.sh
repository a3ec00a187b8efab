#!/usr/bin/env bash
# Deploys Workflows to one Azure resource group, in the order the platform requires:
#   1. infrastructure (bicep/main.bicep without the Event Grid subscription)
#   2. worker image build and push (ACR Tasks: no local Docker needed)
#   3. Functions app publish (one-deploy zip to Flex Consumption)
#   4. final deployment: the worker image and the Event Grid subscription, which Event Grid validates against the
#      published blob trigger, so it can only be created after step 3.
# Usage: infra/deploy.sh --resource-group NAME --location REGION [--environment NAME] [--gpu T4|A100]
#                        [--service-bus-sku Standard|Premium] [--image-tag TAG] [--dry-run]
# --dry-run prints every command instead of running it (outputs of earlier steps appear as <placeholders>).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
resource_group=""
location=""
environment_name="workflows"
gpu_type="T4"
service_bus_sku="Standard"
image_tag="$(date -u +%Y%m%d%H%M%S)"
dry_run=false
functions_project="src/Workflows.Functions/Workflows.Functions.csproj"

fail() { echo "deploy.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group) resource_group="${2:?--resource-group needs a value}"; shift 2 ;;
    --location) location="${2:?--location needs a value}"; shift 2 ;;
    --environment) environment_name="${2:?--environment needs a value}"; shift 2 ;;
    --gpu) gpu_type="${2:?--gpu needs T4 or A100}"; shift 2 ;;
    --service-bus-sku) service_bus_sku="${2:?--service-bus-sku needs Standard or Premium}"; shift 2 ;;
    --image-tag) image_tag="${2:?--image-tag needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

[[ -n "$resource_group" ]] || fail "--resource-group is required"
[[ -n "$location" ]] || fail "--location is required"
[[ "$gpu_type" == "T4" || "$gpu_type" == "A100" ]] || fail "--gpu must be T4 or A100, not '$gpu_type'"
[[ "$service_bus_sku" == "Standard" || "$service_bus_sku" == "Premium" ]] || fail "--service-bus-sku must be Standard or Premium"

# Prints the command; runs it unless --dry-run.
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  if [[ "$dry_run" == false ]]; then "$@"; fi
}

# Reads one output of the last main.bicep deployment; stops when it is missing.
output() {
  local name="$1"
  if [[ "$dry_run" == true ]]; then echo "<$name>"; return; fi
  local value
  value="$(az deployment group show --resource-group "$resource_group" --name workflows-main \
            --query "properties.outputs.${name}.value" --output tsv 2>/dev/null || true)"
  [[ -n "$value" ]] || fail "deployment output '$name' is missing: did step 1 succeed? (az deployment group show -g $resource_group -n workflows-main)"
  echo "$value"
}

require_tool() {
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed: $2"
}

if [[ "$dry_run" == false ]]; then
  require_tool az "install the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli) and run 'az login'"
  require_tool dotnet "install the .NET 10 SDK"
  require_tool zip "install zip (apt-get install zip)"
  az account show >/dev/null 2>&1 || fail "not logged in to Azure: run 'az login' (and 'az account set -s <subscription>')"
  [[ -f "$repo_root/$functions_project" ]] || fail "$functions_project not found: the Functions app project is needed for step 3"
  deployer_id="$(az ad signed-in-user show --query id --output tsv 2>/dev/null || true)"
else
  deployer_id="<signed-in-user-object-id>"
fi

common_parameters=(
  --parameters "$repo_root/bicep/main.bicepparam"
  --parameters environmentName="$environment_name" location="$location" gpuType="$gpu_type"
               serviceBusSku="$service_bus_sku" deployerPrincipalId="$deployer_id"
)

echo "== 1/4 infrastructure"
run az group create --name "$resource_group" --location "$location" --output none
run az deployment group create --resource-group "$resource_group" --name workflows-main \
  --template-file "$repo_root/bicep/main.bicep" "${common_parameters[@]}" \
  --parameters deployEventSubscription=false workerImage="" --output none

registry="$(output CONTAINER_REGISTRY_NAME)"
login_server="$(output CONTAINER_REGISTRY_LOGIN_SERVER)"
function_app="$(output FUNCTION_APP_NAME)"
worker_image="$login_server/workflows-worker:$image_tag"

echo "== 2/4 images (built by ACR Tasks from infra/*.Dockerfile)"
run az acr build --registry "$registry" --image "workflows-worker:$image_tag" \
  --file "$repo_root/infra/worker.Dockerfile" "$repo_root"
run az acr build --registry "$registry" --image "workflows-host:$image_tag" \
  --file "$repo_root/infra/host.Dockerfile" "$repo_root"

echo "== 3/4 Functions app"
publish_dir="$(mktemp -d)"
trap 'rm -rf "$publish_dir"' EXIT
# Flex Consumption runs Linux x64: publishing for it alone keeps other platforms' LibTorch (the prepare activity's) out of the package.
run dotnet publish "$repo_root/$functions_project" --configuration Release --runtime linux-x64 --self-contained false --output "$publish_dir/app"
run bash -c "cd '$publish_dir/app' && zip -q -r '$publish_dir/app.zip' ."
run az functionapp deployment source config-zip --resource-group "$resource_group" --name "$function_app" \
  --src "$publish_dir/app.zip"

echo "== 4/4 worker image and Event Grid subscription"
run az deployment group create --resource-group "$resource_group" --name workflows-main \
  --template-file "$repo_root/bicep/main.bicep" "${common_parameters[@]}" \
  --parameters deployEventSubscription=true workerImage="$worker_image" --output none

echo "Done. API: $(output FUNCTION_APP_URL)/api  Upload datasets to: $(output STORAGE_BLOB_ENDPOINT)datasets/"
