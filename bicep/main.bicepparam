using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'workflows')
param serviceBusSku = 'Standard'
param gpuType = 'T4'
param workerImage = readEnvironmentVariable('WORKFLOWS_WORKER_IMAGE', '')
param useContainerRegistry = true
param workerRetryBudget = 2
param interruptedDeliveryHeadroom = 8
param jobsLockDurationMinutes = 5
param duplicateDetectionWindowMinutes = 60
param workerMaxReplicas = 2
param deployEventSubscription = bool(readEnvironmentVariable('WORKFLOWS_DEPLOY_EVENT_SUBSCRIPTION', 'false'))
param deployerPrincipalId = readEnvironmentVariable('WORKFLOWS_DEPLOYER_PRINCIPAL_ID', '')
