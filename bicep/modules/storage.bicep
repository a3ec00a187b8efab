metadata description = 'Storage account: datasets/runs/models containers, the job-events queue, the Flex Consumption deployment container, lifecycle rules. Shared-key access off: every client uses Entra ID.'

param name string
param location string
param tags object

@description('Blob container holding the Functions app package (Flex Consumption one-deploy).')
param deploymentContainerName string

@description('Checkpoints (blobs tagged workflows-artifact=checkpoint) not replaced for this many days belong to abandoned jobs and are deleted.')
@minValue(1)
param checkpointRetentionDays int

@description('Runs (everything under runs/) not modified for this many days are deleted; 0 keeps runs forever.')
@minValue(0)
param runRetentionDays int

// Blob index tag the workers put on checkpoint blobs. Lifecycle prefixes cannot express runs/*/checkpoints/, tags can.
var checkpointTag = {
  name: 'workflows-artifact'
  value: 'checkpoint'
}

var dataContainers = [
  'datasets'
  'runs'
  'models'
]

var queues = [
  'job-events'
  'job-events-poison'
]

var checkpointRule = {
  name: 'delete-stale-checkpoints'
  enabled: true
  type: 'Lifecycle'
  definition: {
    filters: {
      blobTypes: [
        'blockBlob'
      ]
      prefixMatch: [
        'runs/'
      ]
      blobIndexMatch: [
        {
          name: checkpointTag.name
          op: '=='
          value: checkpointTag.value
        }
      ]
    }
    actions: {
      baseBlob: {
        delete: {
          daysAfterModificationGreaterThan: checkpointRetentionDays
        }
      }
    }
  }
}

var oldRunsRule = {
  name: 'delete-old-runs'
  enabled: true
  type: 'Lifecycle'
  definition: {
    filters: {
      blobTypes: [
        'blockBlob'
      ]
      prefixMatch: [
        'runs/'
      ]
    }
    actions: {
      baseBlob: {
        delete: {
          daysAfterModificationGreaterThan: runRetentionDays
        }
      }
    }
  }
}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in concat(dataContainers, [deploymentContainerName]): {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: runRetentionDays > 0 ? [checkpointRule, oldRunsRule] : [checkpointRule]
    }
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerName string = deploymentContainerName
