metadata description = 'Workflows on Azure: storage, Service Bus jobs queue, Functions app (Flex Consumption), GPU workers on Container Apps, monitoring and least-privilege role assignments. Deploy with infra/deploy.sh.'

targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Environment name; with the subscription, resource group and location it seeds every generated resource name.')
param environmentName string

@description('Region of every resource. Serverless GPUs are offered in a few regions only (see README, "Deploy to Azure").')
param location string = resourceGroup().location

@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@allowed([
  1
  2
  4
  8
  16
])
param serviceBusPremiumCapacity int = 1

@allowed([
  'T4'
  'A100'
])
@description('Serverless GPU of the worker replicas: T4 (Consumption-GPU-NC8as-T4) or A100 (Consumption-GPU-NC24-A100).')
param gpuType string = 'T4'

@description('Worker image (registry/name:tag). Empty deploys a placeholder; deploy.sh sets the pushed image.')
param workerImage string = ''

@description('Create a container registry and let the worker pull from it with its identity.')
param useContainerRegistry bool = true

@description('Retries of a failed job attempt (Workflows:Jobs:RetryBudget); the workers and the queue get the same value.')
@minValue(0)
@maxValue(100)
param workerRetryBudget int = 2

@description('Deliveries the jobs queue allows beyond the retry budget: interrupted attempts (scale-in, shutdown, lost lock) burn deliveries without failing.')
@minValue(1)
@maxValue(100)
param interruptedDeliveryHeadroom int = 8

@description('Peek-lock duration of a jobs message in minutes (Service Bus allows at most 5); workers renew it until the job deadline.')
@minValue(1)
@maxValue(5)
param jobsLockDurationMinutes int = 5

@description('Duplicate detection window of the jobs queue in minutes (fixed once the queue exists).')
@minValue(1)
@maxValue(10080)
param duplicateDetectionWindowMinutes int = 60

@description('Time to live of a jobs message in days; expired messages are dead-lettered.')
@minValue(1)
@maxValue(14)
param jobsMessageTimeToLiveDays int = 7

@minValue(1)
param checkpointRetentionDays int = 14

@description('Days after which an untouched run\'s blobs are deleted; 0 keeps runs forever.')
@minValue(0)
param runRetentionDays int = 180

@minValue(1)
@maxValue(100)
param workerMaxReplicas int = 2

@description('Jobs per worker replica (one per GPU).')
@minValue(1)
param workerMessagesPerReplica int = 1

@minValue(30)
@maxValue(600)
param workerTerminationGracePeriodSeconds int = 120

@minValue(40)
@maxValue(1000)
param functionAppMaximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
param functionAppInstanceMemoryMB int = 2048

@description('Name of the Functions app\'s Event Grid-sourced blob trigger function on datasets/{dataset}/dataset.json.')
param blobTriggerFunctionName string = 'DatasetManifestCreated'

@description('NCRONTAB schedule (six fields, UTC) of the Functions app\'s nightly retraining timer (Workflows:Nightly:Schedule).')
param nightlyRetrainSchedule string = '0 0 2 * * *'

@description('Create the Event Grid subscription. Only after the Functions code is published (deploy.sh does this as its last step).')
param deployEventSubscription bool = false

@description('Object id of a user or group that may upload datasets and read reports; empty for none.')
param deployerPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// Optional explicit names; empty falls back to abbreviation + token.
param storageAccountName string = ''
param serviceBusNamespaceName string = ''
param functionAppName string = ''

var abbreviations = loadJsonContent('abbreviations.json')
var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'workflows'
}

var names = {
  storage: empty(storageAccountName) ? '${abbreviations.storageStorageAccounts}${token}' : storageAccountName
  serviceBus: empty(serviceBusNamespaceName) ? '${abbreviations.serviceBusNamespaces}${token}' : serviceBusNamespaceName
  functionApp: empty(functionAppName) ? '${abbreviations.webSitesFunctions}${token}' : functionAppName
  plan: '${abbreviations.webServerFarms}${token}'
  logAnalytics: '${abbreviations.operationalInsightsWorkspaces}${token}'
  applicationInsights: '${abbreviations.insightsComponents}${token}'
  containerEnvironment: '${abbreviations.appManagedEnvironments}${token}'
  workerApp: '${abbreviations.appContainerApps}worker-${token}'
  registry: '${abbreviations.containerRegistryRegistries}${token}'
  appIdentity: '${abbreviations.managedIdentityUserAssignedIdentities}func-${token}'
  workerIdentity: '${abbreviations.managedIdentityUserAssignedIdentities}worker-${token}'
  scalerIdentity: '${abbreviations.managedIdentityUserAssignedIdentities}scaler-${token}'
  systemTopic: '${abbreviations.eventGridSystemTopics}${token}'
}

// Contracts: BlobLayout and QueueNames (the Deployment tests compare these with the C# constants).
var datasetsContainerName = 'datasets'
var runsContainerName = 'runs'
var manifestFileName = 'dataset.json'
var jobsQueueName = 'jobs'
var jobEventsQueueName = 'job-events'
var deploymentContainerName = 'app-package-${take(names.functionApp, 32)}'

// Strictly above the retry budget by construction (Workflows:ServiceBus:MaxDeliveryCount is validated against it).
var jobsMaxDeliveryCount = workerRetryBudget + interruptedDeliveryHeadroom

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.appIdentity
  location: location
  tags: tags
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.workerIdentity
  location: location
  tags: tags
}

resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.scalerIdentity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    checkpointRetentionDays: checkpointRetentionDays
    runRetentionDays: runRetentionDays
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    sku: serviceBusSku
    premiumCapacity: serviceBusPremiumCapacity
    jobsQueueName: jobsQueueName
    lockDuration: 'PT${jobsLockDurationMinutes}M'
    maxDeliveryCount: jobsMaxDeliveryCount
    duplicateDetectionWindow: 'PT${duplicateDetectionWindowMinutes}M'
    messageTimeToLive: 'P${jobsMessageTimeToLiveDays}D'
  }
}

// The one "Workflows" settings tree as environment variables; the Deployment tests bind these to the options classes.
var sharedWorkflowsSettings = {
  Workflows__Storage__BlobServiceUri: storage.outputs.blobEndpoint
  Workflows__Storage__QueueServiceUri: storage.outputs.queueEndpoint
  Workflows__ServiceBus__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  Workflows__ServiceBus__JobsQueue: serviceBus.outputs.jobsQueueName
  Workflows__ServiceBus__MaxDeliveryCount: string(jobsMaxDeliveryCount)
  Workflows__Queues__JobEvents: jobEventsQueueName
  Workflows__Jobs__RetryBudget: string(workerRetryBudget)
}

func identitySettings(clientId string) object => {
  Workflows__Storage__ManagedIdentityClientId: clientId
  Workflows__ServiceBus__ManagedIdentityClientId: clientId
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: names.plan
    appName: names.functionApp
    location: location
    tags: tags
    identityId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    maximumInstanceCount: functionAppMaximumInstanceCount
    instanceMemoryMB: functionAppInstanceMemoryMB
    workflowsSettings: union(sharedWorkflowsSettings, identitySettings(appIdentity.properties.clientId), {
      Workflows__Nightly__Schedule: nightlyRetrainSchedule
    })
  }
  // The app's identity must hold its storage roles before the platform fetches the deployment package with it.
  dependsOn: [
    monitoring
    rbac
  ]
}

module containerApps 'modules/containerapps.bicep' = {
  name: 'containerapps'
  params: {
    environmentName: names.containerEnvironment
    workerAppName: names.workerApp
    registryName: names.registry
    location: location
    tags: tags
    useContainerRegistry: useContainerRegistry
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    gpuType: gpuType
    workerImage: workerImage
    workerIdentityId: workerIdentity.id
    workerIdentityClientId: workerIdentity.properties.clientId
    scalerIdentityId: scalerIdentity.id
    serviceBusNamespaceName: serviceBus.outputs.name
    jobsQueueName: serviceBus.outputs.jobsQueueName
    messagesPerReplica: workerMessagesPerReplica
    maxReplicas: workerMaxReplicas
    terminationGracePeriodSeconds: workerTerminationGracePeriodSeconds
    workflowsSettings: union(sharedWorkflowsSettings, identitySettings(workerIdentity.properties.clientId))
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    appPrincipalId: appIdentity.properties.principalId
    workerPrincipalId: workerIdentity.properties.principalId
    scalerPrincipalId: scalerIdentity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    storageAccountName: names.storage
    runsContainerName: runsContainerName
    serviceBusNamespaceName: names.serviceBus
    jobsQueueName: jobsQueueName
    applicationInsightsName: names.applicationInsights
    registryName: useContainerRegistry ? names.registry : ''
  }
  dependsOn: [
    storage
    serviceBus
    monitoring
    containerApps
  ]
}

module eventGrid 'modules/eventgrid.bicep' = if (deployEventSubscription) {
  name: 'eventgrid'
  params: {
    systemTopicName: names.systemTopic
    location: location
    tags: tags
    storageAccountName: names.storage
    functionAppName: names.functionApp
    blobTriggerFunctionName: blobTriggerFunctionName
    datasetsContainerName: datasetsContainerName
    manifestFileName: manifestFileName
  }
  dependsOn: [
    functionApp
  ]
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output SERVICEBUS_NAMESPACE_NAME string = serviceBus.outputs.name
output SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICEBUS_JOBS_QUEUE string = serviceBus.outputs.jobsQueueName
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output CONTAINER_APPS_ENVIRONMENT_NAME string = containerApps.outputs.environmentName
output WORKER_APP_NAME string = containerApps.outputs.workerAppName
output WORKER_GPU_WORKLOAD_PROFILE string = containerApps.outputs.gpuWorkloadProfileName
output CONTAINER_REGISTRY_NAME string = containerApps.outputs.registryName
output CONTAINER_REGISTRY_LOGIN_SERVER string = containerApps.outputs.registryLoginServer
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = deployEventSubscription ? eventGrid!.outputs.systemTopicName : ''
