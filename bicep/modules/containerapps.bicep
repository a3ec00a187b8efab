metadata description = 'Container Apps environment with a serverless GPU workload profile, an optional registry, and the GPU worker app scaled from zero by a KEDA Service Bus rule that authenticates with a managed identity.'

param environmentName string
param workerAppName string
param registryName string
param location string
param tags object

@description('Create an Azure Container Registry the worker pulls from with its identity (AcrPull).')
param useContainerRegistry bool

param logAnalyticsName string

@allowed([
  'T4'
  'A100'
])
param gpuType string

@description('Worker image; empty deploys a public placeholder until deploy.sh has pushed the real image.')
param workerImage string

@description('Identity the worker process uses for Storage and Service Bus.')
param workerIdentityId string
param workerIdentityClientId string

@description('Identity KEDA uses to read the jobs queue\'s message count (it needs Manage rights, which the worker must not have).')
param scalerIdentityId string

param serviceBusNamespaceName string
param jobsQueueName string

@description('Messages per replica before KEDA adds a replica (the worker\'s job slots per GPU).')
@minValue(1)
param messagesPerReplica int

@minValue(1)
@maxValue(100)
param maxReplicas int

@description('Seconds between SIGTERM and SIGKILL on scale-in: the worker abandons in-flight messages in that time.')
@minValue(30)
@maxValue(600)
param terminationGracePeriodSeconds int

@description('The Workflows settings tree as environment variables (Workflows__Section__Key), shared with the Functions app.')
param workflowsSettings object

param applicationInsightsName string

// Serverless GPU profiles and the whole of each one's CPU and memory (one replica per GPU).
var gpuProfiles = {
  T4: {
    workloadProfileType: 'Consumption-GPU-NC8as-T4'
    cpu: json('8.0')
    memory: '56Gi'
  }
  A100: {
    workloadProfileType: 'Consumption-GPU-NC24-A100'
    cpu: json('24.0')
    memory: '220Gi'
  }
}
var gpuProfile = gpuProfiles[gpuType]
var gpuProfileName = 'gpu-${toLower(gpuType)}'
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = if (useContainerRegistry) {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfile.workloadProfileType
      }
    ]
  }
}

// Application Insights accepts only Entra-authenticated telemetry (local auth is off).
var platformEnvironment = [
  {
    name: 'AZURE_CLIENT_ID'
    value: workerIdentityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${workerIdentityClientId};Authorization=AAD'
  }
]

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: workerAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${workerIdentityId}': {}
      '${scalerIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      registries: useContainerRegistry
        ? [
            {
              server: registry!.properties.loginServer
              identity: workerIdentityId
            }
          ]
        : []
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'worker'
          image: empty(workerImage) ? placeholderImage : workerImage
          resources: {
            cpu: gpuProfile.cpu
            memory: gpuProfile.memory
          }
          env: concat(
            platformEnvironment,
            map(items(workflowsSettings), setting => { name: setting.key, value: string(setting.value) })
          )
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'jobs-queue'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentityId
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: jobsQueueName
                messageCount: string(messagesPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

output environmentName string = environment.name
output workerAppName string = worker.name
output gpuWorkloadProfileName string = gpuProfileName
output registryName string = useContainerRegistry ? registry!.name : ''
output registryLoginServer string = useContainerRegistry ? registry!.properties.loginServer : ''
