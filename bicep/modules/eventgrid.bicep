metadata description = 'Event Grid system topic on the storage account and the BlobCreated subscription for datasets/*/dataset.json, delivered to the Functions app\'s Event Grid-sourced blob trigger. Deploy only after the app code is published: Event Grid validates the webhook when the subscription is created, and the blobs_extension key exists only once the trigger has been loaded.'

param systemTopicName string
param location string
param tags object
param storageAccountName string
param functionAppName string

@description('Name of the [Function] whose blob trigger (Source = EventGrid) watches datasets/{dataset}/dataset.json.')
param blobTriggerFunctionName string

param datasetsContainerName string
param manifestFileName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// The blobs_extension system key authenticates Event Grid to the blob trigger's webhook; it never leaves this template.
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource datasetManifestCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'dataset-manifest-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${blobTriggerFunctionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${datasetsContainerName}/'
      subjectEndsWith: '/${manifestFileName}'
      enableAdvancedFilteringOnArrays: true
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicName string = systemTopic.name
output eventSubscriptionName string = datasetManifestCreated.name
