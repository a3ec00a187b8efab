metadata description = 'Every role assignment of the deployment, least privilege, scoped as narrowly as the data plane allows.'

@description('Principal id of the Functions app identity (orchestrations, HTTP API, job-events consumer, Durable task hub).')
param appPrincipalId string

@description('Principal id of the GPU worker identity (Service Bus consumer, run artifacts, outcome publisher).')
param workerPrincipalId string

@description('Principal id of the identity KEDA uses to read the jobs queue\'s message count.')
param scalerPrincipalId string

@description('Optional user or group that uploads datasets and reads reports (e.g. the deploying user); empty for none.')
param deployerPrincipalId string

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string

param storageAccountName string
param runsContainerName string
param serviceBusNamespaceName string
param jobsQueueName string
param applicationInsightsName string

@description('Registry the worker pulls from; empty when images come from elsewhere.')
param registryName string

var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
var storageQueueDataMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // Storage Queue Data Message Sender
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
var serviceBusDataOwnerRoleId = '090c5cfd-751d-490a-894a-3ce6f1109419' // Azure Service Bus Data Owner
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher

// Storage account: the Functions host needs blob (Durable leases and payloads, trigger receipts, one-deploy package),
// queue (Durable control/work-item queues, job-events) and table (Durable history and instances). The worker reads
// datasets and models and only sends outcome messages.
var storageAccountAssignments = [
  {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageBlobDataOwnerRoleId
  }
  {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageQueueDataContributorRoleId
  }
  {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageTableDataContributorRoleId
  }
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageBlobDataReaderRoleId
  }
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageQueueDataMessageSenderRoleId
  }
]

// runs container: the worker writes results, attempt artifacts and checkpoints. Owner (not Contributor) because
// checkpoints carry the blob index tag the lifecycle rule matches, and writing tags is an Owner-only data action.
var runsContainerAssignments = [
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: storageBlobDataOwnerRoleId
  }
]

// jobs queue: the app dispatches; the worker consumes and re-dispatches retries; KEDA reads the message count, which
// the Service Bus management API grants only with Manage rights, so that right goes to a separate scaler identity.
var jobsQueueAssignments = [
  {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleId: serviceBusDataSenderRoleId
  }
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: serviceBusDataReceiverRoleId
  }
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: serviceBusDataSenderRoleId
  }
  {
    principalId: scalerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: serviceBusDataOwnerRoleId
  }
]

var registryAssignments = [
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: acrPullRoleId
  }
]

// Application Insights with local auth off accepts telemetry only from Monitoring Metrics Publishers.
var applicationInsightsAssignments = [
  {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleId: monitoringMetricsPublisherRoleId
  }
  {
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
    roleId: monitoringMetricsPublisherRoleId
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource runsContainer 'containers' existing = {
      name: runsContainerName
    }
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName

  resource jobsQueue 'queues' existing = {
    name: jobsQueueName
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: empty(registryName) ? 'none' : registryName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAccountRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in storageAccountAssignments: {
    scope: storage
    name: guid(storage.id, assignment.principalId, assignment.roleId)
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]

// The deploying user uploads datasets and reads reports and artifacts.
resource deployerStorageRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: storage
  name: guid(storage.id, deployerPrincipalId, storageBlobDataContributorRoleId)
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
  }
}

resource runsContainerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in runsContainerAssignments: {
    scope: storage::blobService::runsContainer
    name: guid(storage::blobService::runsContainer.id, assignment.principalId, assignment.roleId)
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]

resource jobsQueueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in jobsQueueAssignments: {
    scope: serviceBus::jobsQueue
    name: guid(serviceBus::jobsQueue.id, assignment.principalId, assignment.roleId)
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]

resource registryRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in (empty(registryName) ? [] : registryAssignments): {
    scope: registry
    name: guid(registry.id, assignment.principalId, assignment.roleId)
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]

resource applicationInsightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in applicationInsightsAssignments: {
    scope: applicationInsights
    name: guid(applicationInsights.id, assignment.principalId, assignment.roleId)
    properties: {
      principalId: assignment.principalId
      principalType: assignment.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
    }
  }
]
