metadata description = 'Service Bus namespace (local auth off) and the jobs queue the GPU workers consume.'

param name string
param location string
param tags object

@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('Messaging units of a Premium namespace (ignored for Standard).')
@allowed([
  1
  2
  4
  8
  16
])
param premiumCapacity int

param jobsQueueName string

@description('Peek-lock duration of a jobs message (ISO 8601; at most PT5M); workers renew the lock until the job deadline.')
param lockDuration string

@description('Deliveries before a jobs message is dead-lettered; must exceed the workers\' retry budget (main.bicep derives it).')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('Window in which a second message with the same MessageId (a re-dispatch of the same job attempt) is dropped (ISO 8601).')
param duplicateDetectionWindow string

@description('Time to live of a jobs message (ISO 8601); an expired message moves to the dead-letter queue.')
param messageTimeToLive string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: sku == 'Premium' ? premiumCapacity : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource jobsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: jobsQueueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    // Can only be set when the queue is created: changing it later means a new queue.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: messageTimeToLive
    requiresSession: false
    enablePartitioning: false
    maxSizeInMegabytes: 1024
  }
}

output name string = namespace.name
output id string = namespace.id
output jobsQueueName string = jobsQueue.name
@description('Host name for identity-based clients, e.g. sb-xyz.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
